import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, city: '1310', dbPoolSize: 10, demo: false });
  });

  it('reads the database pool size, and refuses one that cannot work', () => {
    expect(loadConfig({ CORDON_DB_POOL_SIZE: '4' }).dbPoolSize).toBe(4);
    expect(() => loadConfig({ CORDON_DB_POOL_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORDON_DB_POOL_SIZE: 'many' })).toThrow(
      /CORDON_DB_POOL_SIZE must be a whole number/,
    );
  });

  it('refuses a city code of another shape, naming the variable', () => {
    expect(() => loadConfig({ CORDON_CITY: '131' })).toThrow(/CORDON_CITY/);
  });
});
