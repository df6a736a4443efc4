// Where the demo study lives: shipped read-only in assets/demo, copied into the data directory before it is
// imported, so every path the analyses touch is the user's own (the API refuses paths the user never chose).
import { join } from 'node:path';
import { appRoot } from '../base/paths.js';

export interface DemoStudy {
  /** assets/demo of the app. */
  source: string;
  /** Its copy in the data directory. */
  dir: string;
  ixiDir: string;
  cxrDir: string;
}

export function demoStudy(dataDir: string): DemoStudy {
  const dir = join(dataDir, 'demo-study');
  return { source: join(appRoot(), 'assets', 'demo'), dir, ixiDir: join(dir, 'ixi'), cxrDir: join(dir, 'cxr') };
}
