// Which analysis tab the app opens on: the last one the user chose, else the first that does something (a
// placeholder for a capability that has not landed is never where a new user should start). A panel may mark itself
// `start` (it works on an empty data directory, e.g. Models & training), which a first start prefers over panels that
// need results first (Eigencomponents needs an edit series).
export interface TabChoice {
  id: string;
  /** True for a "Not available yet" placeholder. */
  placeholder?: boolean;
  /** True for the panel a first start opens on. */
  start?: boolean;
}

export function initialPanelId(panels: readonly TabChoice[], remembered: string | null): string {
  if (remembered && panels.some((p) => p.id === remembered)) return remembered;
  return (panels.find((p) => p.start && !p.placeholder) ?? panels.find((p) => !p.placeholder) ?? panels[0]).id;
}
