// Browser side of dropping files on the headless host: walks dropped folders (webkitGetAsEntry), uploads each
// file to the host's token-protected /upload endpoint into one per-upload folder, and returns that folder.

export interface UploadFile {
  /** Path relative to the drop (folder/sub/file.dcm). */
  relativePath: string;
  file: File;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: UploadFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ relativePath: `${prefix}${entry.name}`, file });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** Every file of a drop, folders included (falls back to the flat file list where entries are unsupported). */
export async function droppedFiles(data: DataTransfer): Promise<UploadFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return [...data.files].map((file) => ({ relativePath: file.name, file }));
  const out: UploadFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

/** Uploads the files one by one; returns the host folder they landed in (to pass to catalog.import). */
export async function uploadFiles(files: UploadFile[], onProgress: (done: number, total: number) => void): Promise<string> {
  const batch = crypto.randomUUID();
  let folder = '';
  let done = 0;
  for (const { relativePath, file } of files) {
    const url = new URL('upload', document.baseURI);
    url.search = new URLSearchParams({ batch, path: relativePath }).toString();
    const response = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' } });
    const body = (await response.json().catch(() => null)) as { ok?: boolean; value?: { folder: string }; error?: { message: string } } | null;
    if (!response.ok || !body?.ok || !body.value) throw new Error(`${relativePath}: upload failed (${body?.error?.message ?? `HTTP ${response.status}`})`);
    folder = body.value.folder;
    onProgress(++done, files.length);
  }
  return folder;
}
