/**
 * One structured logger (pino). Each line carries the request id (`reqId`), the user once
 * authenticated (`user`) and the module that served it (`module`).
 */
import type { LoggerOptions } from 'pino';

export function loggerOptions(level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    // Named paths only: a wildcard ('*.password') makes pino walk every object of every line —
    // a tenth of what a request allocated, at a thousand requests a second (bench/verify.ts).
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'password',
        'body.password',
        'req.body.password',
        'user.password',
      ],
      censor: '[redacted]',
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}
