// Small view preferences kept across launches (last analysis tab, collapsed side panels) in localStorage;
// storage that is unavailable or full only means the app forgets, never that it fails.
const prefix = 'latentrad.ui.';

export function readPref(key: string): string | null {
  try {
    return localStorage.getItem(prefix + key);
  } catch {
    return null;
  }
}

export function writePref(key: string, value: string): void {
  try {
    localStorage.setItem(prefix + key, value);
  } catch {
    // forgetting a view preference is harmless
  }
}
