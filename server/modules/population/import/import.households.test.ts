import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeIdNumber } from '../../../../domain/idcard.js';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { csv, importFile } from './import.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

it('puts people of one door number into one new household, however the room is written', async () => {
  const worker = await t.login('village-worker');
  const job = await importFile(
    t,
    worker,
    csv([
      ['姓名', '身份证号', '性别', '联系电话', '门牌号/室', '与户主关系'],
      ['郑晓明', makeIdNumber('650102', '1985-03-12', 931), '男', '13811112222', '幸福路99号', '户主'],
      ['冯雪梅', makeIdNumber('650102', '1987-07-09', 942), '女', '13811113333', '幸福路99', '配偶'],
      ['韩立新', makeIdNumber('650102', '1941-11-30', 917), '男', '', '幸福路101号', '户主'],
    ]),
  );
  expect(job).toMatchObject({ status: 'done', inserted: 3, failed: 0 });
  const people = await t.db.db
    .selectFrom('people')
    .select(['name', 'household_id'])
    .orderBy('name')
    .execute();
  const of = (name: string) => people.find((p) => p.name === name)!.household_id;
  expect(of('郑晓明')).not.toBeNull();
  expect(of('冯雪梅')).toBe(of('郑晓明'));
  expect(of('韩立新')).not.toBeNull();
  expect(of('韩立新')).not.toBe(of('郑晓明'));
  expect(await t.db.db.selectFrom('households').select('address').orderBy('address').execute()).toEqual([
    { address: '张营村 幸福路101号' },
    { address: '张营村 幸福路99号' },
  ]);
});
