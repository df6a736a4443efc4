// Types for svgcanvas (a canvas 2D context that records SVG; the package ships none): the parts the figure export uses.
declare module 'svgcanvas' {
  /** A mock 2D context whose drawing becomes SVG elements. */
  export class Context {
    constructor(options: { width: number; height: number });
    getSerializedSvg(fixNamedEntities?: boolean): string;
  }
  /** A mock canvas element around a Context (what Chart.js draws on). */
  export class Element {
    constructor(options: { width: number; height: number });
    ctx: Context;
    getContext(type: '2d'): Context;
  }
}
