/**
 * Lists of people to Excel: the same filters and scope as the search, masked identifiers only,
 * written as a stream (a village's list or a county's) with one audit entry per export.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { RELATION_LABELS, RESIDENCE_LABELS, SPECIAL_KIND_DEFINITIONS } from '../../../domain/population.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SearchQuery } from './people.schema.js';
import { pagePeopleAfter, searchPeople } from './people.service.js';
import { specialRegister } from './units.service.js';

/** Excel's own limit is 1,048,576 rows; beyond this an export is refused and a narrower one asked for. */
export const EXPORT_MAX_ROWS = 200_000;
const PAGE = 500;

const PEOPLE_COLUMNS = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号（脱敏）', key: 'id', width: 22 },
  { header: '性别', key: 'sex', width: 6 },
  { header: '出生日期', key: 'birth', width: 12 },
  { header: '年龄', key: 'age', width: 6 },
  { header: '联系电话（脱敏）', key: 'phone', width: 15 },
  { header: '人口类型', key: 'residence', width: 10 },
  { header: '村（社区）', key: 'village', width: 16 },
  { header: '网格', key: 'grid', width: 14 },
  { header: '住址', key: 'address', width: 30 },
  { header: '与户主关系', key: 'relation', width: 10 },
  { header: '特殊人群', key: 'specials', width: 24 },
];

type Filters = Omit<Static<typeof SearchQuery>, 'limit' | 'offset'> & { list: 'people' | 'specials' };

export async function exportPeople(
  ctx: RequestContext,
  filters: Filters,
): Promise<{ stream: Readable; fileName: string }> {
  requirePermission(ctx.actor, Permission.PopulationExport);
  const { list, ...query } = filters;
  // Check the scope and the size before the first byte goes out: after that, an error can only cut the file.
  const first =
    list === 'people'
      ? await searchPeople(ctx, { ...query, limit: 1, offset: 0 })
      : await specialRegister(ctx, {
          jurisdiction: query.jurisdiction,
          kind: query.special,
          limit: 1,
          offset: 0,
        });
  if (
    'totalIsLowerBound' in first &&
    first.totalIsLowerBound &&
    query.q === undefined &&
    !query.jurisdiction
  ) {
    // A city-wide list without filters: count exactly is what the cap avoids, so refuse clearly.
    throw Errors.exportTooLarge(EXPORT_MAX_ROWS);
  }
  if (first.total > EXPORT_MAX_ROWS) throw Errors.exportTooLarge(EXPORT_MAX_ROWS);

  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(list === 'people' ? '人员名单' : '特殊人群');
  sheet.columns =
    list === 'people' ? PEOPLE_COLUMNS : [...PEOPLE_COLUMNS, { header: '详情', key: 'details', width: 40 }];
  sheet.getRow(1).font = { bold: true };

  const run = async (): Promise<number> => {
    let written = 0;
    let after: { jpath: string; id: string } | null = null;
    for (let offset = 0; ; offset += PAGE) {
      let items: Array<{
        person: Awaited<ReturnType<typeof searchPeople>>['items'][number];
        details: string;
      }>;
      if (list === 'people') {
        const page = await pagePeopleAfter(ctx, query, after, PAGE);
        after = page.last;
        items = page.items.map((person) => ({ person, details: '' }));
      } else {
        items = (
          await specialRegister(
            ctx,
            { jurisdiction: query.jurisdiction, kind: query.special, limit: PAGE, offset },
            { audit: false },
          )
        ).items.map((i) => ({
          person: i.person,
          details: `${SPECIAL_KIND_DEFINITIONS[i.entry.kind].label.zh}：${Object.entries(i.entry.details)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join('，')}`,
        }));
      }
      for (const { person: p, details } of items) {
        sheet
          .addRow({
            name: p.name,
            id: p.idMasked,
            sex: p.sex === 'M' ? '男' : '女',
            birth: p.birthDate,
            age: p.age,
            phone: p.phoneMasked ?? '',
            residence: RESIDENCE_LABELS[p.residenceType].zh,
            village: p.village.name,
            grid: p.grid?.name ?? '',
            address: p.address,
            relation: p.relation ? RELATION_LABELS[p.relation].zh : '',
            specials: p.specials.map((k) => SPECIAL_KIND_DEFINITIONS[k].label.zh).join('、'),
            details,
          })
          .commit();
      }
      written += items.length;
      if (items.length < PAGE || written >= EXPORT_MAX_ROWS) break;
    }
    sheet.commit();
    await workbook.commit();
    return written;
  };
  run()
    .then((rows) =>
      recordAudit(ctx, {
        action: 'population.exported',
        resourceType: list,
        jpath: ctx.actor.jpath,
        detail: { filters: Object.keys(query), rows },
      }),
    )
    .catch((error: unknown) => {
      ctx.log.error({ err: error }, 'export failed');
      out.destroy(error as Error);
    });
  const stamp = new Date().toISOString().slice(0, 10);
  return { stream: out, fileName: `${list === 'people' ? '人员名单' : '特殊人群'}-${stamp}.xlsx` };
}
