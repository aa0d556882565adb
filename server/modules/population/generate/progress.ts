/**
 * The command's progress on stderr: a bar redrawn in place on a terminal, a line every ten seconds
 * otherwise (logs, CI), so stdout keeps only the result.
 */
import type { Progress } from './generate.js';

const WIDTH = 30;

const number = (n: number): string => n.toLocaleString('en-US');

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function progressLine(p: Progress): string {
  if (p.phase === 'indexing')
    return `${number(p.people)} people loaded in ${duration(p.elapsedMs)}; building indexes…`;
  if (p.phase === 'done') return `${number(p.people)} people in ${duration(p.elapsedMs)}`;
  const share = p.total > 0 ? p.people / p.total : 0;
  const filled = Math.round(share * WIDTH);
  const rate = p.elapsedMs > 0 ? (p.people / p.elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? ((p.total - p.people) / rate) * 1000 : NaN;
  return (
    `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
    `${number(p.people)}/${number(p.total)} people · ${number(Math.round(rate))}/s · ` +
    `ETA ${Number.isFinite(eta) ? duration(eta) : '…'}`
  );
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let last = 0;
  let lastPhase: Progress['phase'] | undefined;
  return (p) => {
    const now = Date.now();
    const changed = p.phase !== lastPhase;
    if (stream.isTTY) {
      if (!changed && now - last < 100) return;
      stream.write(`\r\x1b[2K${progressLine(p)}${p.phase === 'loading' ? '' : '\n'}`);
    } else {
      if (!changed && now - last < 10_000) return;
      stream.write(`${progressLine(p)}\n`);
    }
    last = now;
    lastPhase = p.phase;
  };
}
