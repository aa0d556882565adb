import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { visibleTo } from './live.feed.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ background: true });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = address;
});
afterAll(async () => t.close());

interface Received {
  event: string;
  id?: string;
  data: unknown;
}

/** Opens /api/live over real HTTP and collects events until `until` holds. */
async function listen(cookie: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/live`, {
    headers: { cookie: `cordon_session=${cookie}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  const events: Received[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => !l.startsWith(':') && l.includes(': '))
              .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
          );
          if (fields.event)
            events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? 'null') });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    response,
    events,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

describe('live events', () => {
  it('streams changes to users whose jurisdiction contains them, and only to them', async () => {
    const village = await t.login('village-worker');
    const county = await t.login('county-admin');
    const otherVillage = await t.login('checkpoint-officer'); // also 张营村
    const town = await t.login('sampler'); // 落垡镇
    const watchers = {
      county: await listen(county.cookie),
      sameVillage: await listen(otherVillage.cookie),
      town: await listen(town.cookie),
    };
    expect(watchers.county.response.headers.get('content-type')).toContain('text/event-stream');
    await expect.poll(() => watchers.county.events.map((e) => e.event)).toContain('hello');

    const created = await village.post('/api/jurisdictions', {
      parentCode: PLACES.village,
      level: 'grid',
      name: '实时网格',
    });
    const code = created.json<{ code: string }>().code;
    for (const w of [watchers.county, watchers.sameVillage, watchers.town]) {
      await expect
        .poll(() => w.events.find((e) => e.event === 'jurisdiction.changed')?.data, { timeout: 5000 })
        .toEqual({ code, change: 'created', parentCode: PLACES.village });
    }
    // A change in another county reaches none of them.
    const guangyang = await t.login('city-admin');
    const elsewhere = await guangyang.post('/api/jurisdictions', {
      parentCode: '131003001001',
      level: 'grid',
      name: '别处网格',
    });
    expect(elsewhere.statusCode).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(watchers.county.events.filter((e) => e.event === 'jurisdiction.changed')).toHaveLength(1);
    for (const w of Object.values(watchers)) await w.close();
  });

  it('replays what a reconnecting page missed after Last-Event-ID, within scope', async () => {
    const village = await t.login('village-worker');
    const first = await listen(village.cookie);
    await village.post('/api/jurisdictions', { parentCode: PLACES.village, level: 'grid', name: '断线前' });
    await expect
      .poll(() => first.events.filter((e) => e.event === 'jurisdiction.changed').length, { timeout: 5000 })
      .toBe(1);
    const lastId = first.events.find((e) => e.event === 'jurisdiction.changed')!.id!;
    await first.close();
    await village.post('/api/jurisdictions', { parentCode: PLACES.village, level: 'grid', name: '断线时' });
    const again = await listen(village.cookie, lastId);
    await expect
      .poll(
        () =>
          again.events
            .filter((e) => e.event === 'jurisdiction.changed')
            .map((e) => (e.data as { change: string }).change),
        { timeout: 5000 },
      )
      .toEqual(['created']);
    await again.close();
  });

  it('refuses anonymous listeners', async () => {
    const res = await fetch(`${base}/api/live`);
    expect(res.status).toBe(401);
  });

  it('treats events without a place as everyone’s', () => {
    expect(
      visibleTo({ jpath: '131002', countyCode: '131002' }, { id: 1, topic: 'x', payload: {}, jpath: null }),
    ).toBe(true);
    expect(
      visibleTo(
        { jpath: '131002', countyCode: '131002' },
        { id: 1, topic: 'x', payload: {}, jpath: '131003' },
      ),
    ).toBe(false);
  });
});
