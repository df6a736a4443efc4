// Cornerstone tools and their mouse bindings, as in common PACS viewers: left button = the chosen tool
// (W/L by default), middle = pan, right = zoom, wheel = scroll through slices. One tool group holds every pane.
import {
  AngleTool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
} from '@cornerstonejs/tools';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { dropAccidentalLengths } from './measurements.js';

export const toolGroupId = 'latentrad-viewer';

/** Tools a user can put on the left mouse button, with their toolbar label and keyboard shortcut. */
export const leftButtonTools = [
  { name: WindowLevelTool.toolName, label: 'W/L', key: 'w', title: 'Window/level: drag horizontally for width, vertically for level' },
  { name: PanTool.toolName, label: 'Pan', key: 'p', title: 'Pan' },
  { name: ZoomTool.toolName, label: 'Zoom', key: 'z', title: 'Zoom: drag up/down' },
  { name: StackScrollTool.toolName, label: 'Scroll', key: 's', title: 'Scroll through slices by dragging' },
  { name: LengthTool.toolName, label: 'Length', key: 'l', title: 'Length in mm' },
  { name: AngleTool.toolName, label: 'Angle', key: 'a', title: 'Angle in degrees' },
  { name: EllipticalROITool.toolName, label: 'Ellipse', key: 'e', title: 'Elliptical ROI: mean, SD, area' },
  { name: RectangleROITool.toolName, label: 'Rectangle', key: 'b', title: 'Rectangular ROI: mean, SD, area' },
] as const;
export type LeftToolName = (typeof leftButtonTools)[number]['name'];

export const measurementTools: readonly string[] = [LengthTool.toolName, AngleTool.toolName, EllipticalROITool.toolName, RectangleROITool.toolName];

let registered = false;
export function registerTools(): void {
  if (registered) return;
  registered = true;
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, AngleTool, EllipticalROITool, RectangleROITool]) addTool(tool);
  dropAccidentalLengths(toolGroupId);
}

function createGroup(): ToolTypes.IToolGroup {
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error('could not create the viewer tool group');
  for (const { name } of leftButtonTools) group.addTool(name);
  const { MouseBindings } = ToolEnums;
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  // Measurements stay visible (passive) when another tool is on the left button.
  for (const name of measurementTools) group.setToolPassive(name);
  return group;
}

export function toolGroup(): ToolTypes.IToolGroup {
  return ToolGroupManager.getToolGroup(toolGroupId) ?? createGroup();
}

/** Puts `name` on the left button; the other bindings (middle pan, right zoom, wheel scroll) stay. */
export function setLeftTool(name: LeftToolName): void {
  const group = toolGroup();
  const { MouseBindings } = ToolEnums;
  const primary = [{ mouseButton: MouseBindings.Primary }];
  for (const { name: other } of leftButtonTools) {
    if (other === name) continue;
    const options = group.getToolOptions(other);
    const bindings = (options?.bindings ?? []).filter((b) => b.mouseButton !== MouseBindings.Primary);
    if (bindings.length > 0) group.setToolActive(other, { bindings });
    else if (measurementTools.includes(other)) group.setToolPassive(other);
    else group.setToolDisabled(other);
  }
  const current = group.getToolOptions(name)?.bindings ?? [];
  group.setToolActive(name, { bindings: [...current.filter((b) => b.mouseButton !== MouseBindings.Primary), ...primary] });
}
