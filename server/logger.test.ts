import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(loggerOptions('info', false), stream), lines };
}

describe('the log', () => {
  it('never carries cookies, CSRF tokens or passwords', () => {
    const { log, lines } = capture();
    log.info({ req: { headers: { cookie: 'cordon_session=abc', 'x-csrf-token': 't0k', host: 'h' } } }, 'in');
    log.info({ res: { headers: { 'set-cookie': 'cordon_session=abc' } } }, 'out');
    log.info({ password: 'p1', body: { password: 'p2', username: 'u' }, user: { password: 'p3' } }, 'form');
    const text = JSON.stringify(lines);
    for (const secret of ['abc', 't0k', 'p1', 'p2', 'p3']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ req: { headers: { cookie: '[redacted]', host: 'h' } } });
    expect(lines[2]).toMatchObject({
      password: '[redacted]',
      body: { password: '[redacted]', username: 'u' },
    });
  });

  it('leaves the request lines as they are', () => {
    const { log, lines } = capture();
    log.info({ method: 'GET', url: '/api/x', status: 200, ms: 1.2 }, 'request');
    expect(lines[0]).toMatchObject({ method: 'GET', url: '/api/x', status: 200, ms: 1.2, msg: 'request' });
  });
});
