import type { Download } from '../../../app/api';

/** Hands a downloaded file to the browser under its server-given name (or the fallback). */
export function saveDownload(file: Download, fallbackName: string): string {
  const name = file.fileName ?? fallbackName;
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}
