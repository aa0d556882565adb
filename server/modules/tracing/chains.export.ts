/**
 * A cluster's export: its visible cases, their contacts and the relations between them (the edges
 * of its chain graph), as JSON or as an Excel workbook with the sheets 病例, 密接 and 关系 — masked
 * identifiers only, Chinese labels, times in CST, one audit entry per export.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { Permission } from '../../../domain/access.js';
import { cstDate } from '../../../domain/tracing.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { type ChainEdgeKind, type ChainGraphWire, expandChainGraph } from '../../../domain/chain-graph.js';
import type { ChainExport, ExportQuery } from './chains.schema.js';
import { graphJson, presentClusters, selectionOf } from './chains.service.js';

const CLASSIFICATION_ZH: Record<string, string> = { confirmed: '确诊病例', asymptomatic: '无症状感染者' };
const FOUND_IN_ZH: Record<string, string> = {
  community: '社区筛查',
  isolation: '隔离管控人员中',
  sealed_zone: '封控区',
  controlled_zone: '管控区',
};
const DEGREE_ZH: Record<string, string> = { close: '密切接触者', secondary: '密接的密接' };
const CONTACT_STATUS_ZH: Record<string, string> = {
  identified: '已判定',
  notified: '已告知',
  transfer_requested: '待转运',
  central_isolation: '集中隔离',
  home_quarantine: '居家隔离',
  released: '已解除',
  converted: '已转为病例',
};
const EXPOSURE_ZH: Record<string, string> = {
  household: '同住',
  work: '同事',
  meal: '聚餐',
  vehicle: '同乘交通工具',
  school: '同学',
  medical: '就诊',
  venue: '同一场所',
  companion: '时空伴随',
  other: '其他',
};
const RELATION_ZH: Record<ChainEdgeKind, string> = {
  named: '密接',
  via: '次密接',
  infected: '转为病例',
  visited: '到访场所',
};
const zh = (labels: Record<string, string>, key: string | null) => (key ? (labels[key] ?? key) : '');

/** 2022-03-14 08:30 (CST), as people read times on paper. */
function cstDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

type ExportJson = Static<typeof ChainExport>;

async function exportData(
  ctx: RequestContext,
  clusterId: string,
): Promise<{ data: ExportJson; jpath: string }> {
  const selection = await selectionOf(ctx, { clusterId });
  const graph = expandChainGraph(
    JSON.parse(
      (await graphJson(ctx.db, ctx.actor, selection, Number.MAX_SAFE_INTEGER)).parts.join(''),
    ) as ChainGraphWire,
  );
  const cluster = (await presentClusters(ctx.db, [selection.cluster!], new Date()))[0]!;
  const caseIds = graph.nodes.filter((n) => n.kind === 'case').map((n) => n.id);
  const contactIds = graph.nodes.filter((n) => n.kind === 'contact').map((n) => n.id);
  const cases = caseIds.length
    ? (
        await sql<{
          id: string;
          number: string;
          name: string;
          id_masked: string | null;
          phone_masked: string | null;
          classification: string;
          found_in: string;
          reported_at: Date;
          onset_date: string | null;
          sampled_date: string;
          place_code: string;
          place_name: string | null;
          from_contact_id: string | null;
          status: string;
        }>`
          select c.id, c.number, c.name, coalesce(c.id_masked, p.id_masked) as id_masked,
                 coalesce(c.phone_masked, p.phone_masked) as phone_masked, c.classification, c.found_in,
                 c.reported_at, c.onset_date, c.sampled_date, rpad(left(c.jpath, 12), 12, '0') as place_code,
                 j.short_name as place_name, c.from_contact_id, c.status
            from cases c
            left join people p on p.id = c.person_id
            left join jurisdictions j on j.code = rpad(left(c.jpath, 12), 12, '0')
           where c.id = any(${caseIds}::uuid[])
           order by c.reported_at, c.number`.execute(ctx.db)
      ).rows
    : [];
  const contacts = contactIds.length
    ? (
        await sql<{
          id: string;
          name: string;
          id_masked: string | null;
          phone_masked: string | null;
          degree: string;
          status: string;
          last_exposure_at: Date;
          isolation_place: string | null;
          until: string | null;
          place_name: string | null;
          converted_case_id: string | null;
        }>`
          select k.id, k.name, coalesce(k.id_masked, p.id_masked) as id_masked,
                 coalesce(k.phone_masked, p.phone_masked) as phone_masked, k.degree, k.status,
                 k.last_exposure_at, k.isolation_place, k.plan ->> 'until' as until,
                 j.short_name as place_name, k.converted_case_id
            from contacts k
            left join people p on p.id = k.person_id
            left join jurisdictions j on j.code = rpad(left(k.jpath, 12), 12, '0')
           where k.id = any(${contactIds}::uuid[])
           order by k.degree, k.last_exposure_at desc, k.id`.execute(ctx.db)
      ).rows
    : [];
  // How and when each named / secondary contact was exposed: the links behind those edges.
  const links = await sql<{ source: string; target: string; exposure_type: string; last_exposure_at: Date }>`
    select coalesce(case_id, via_contact_id)::text as source, contact_id::text as target, exposure_type,
           last_exposure_at
      from contact_links
     where case_id = any(${caseIds}::uuid[]) or via_contact_id = any(${contactIds}::uuid[])`.execute(ctx.db);
  // A link is one edge: named (case → contact) or via (close → secondary contact).
  const linkOf = new Map(links.rows.map((l) => [`${l.source}>${l.target}`, l]));
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const relations = graph.edges.map((e) => {
    const link = e.kind === 'named' || e.kind === 'via' ? linkOf.get(`${e.source}>${e.target}`) : undefined;
    return {
      kind: e.kind,
      source: e.source,
      target: e.target,
      sourceLabel: labels.get(e.source) ?? '',
      targetLabel: labels.get(e.target) ?? '',
      exposureType: link?.exposure_type ?? null,
      at: link ? link.last_exposure_at.toISOString() : null,
    };
  });
  const data: ExportJson = {
    cluster,
    cases: cases.map((c) => ({
      id: c.id,
      number: c.number,
      name: c.name,
      idMasked: c.id_masked,
      phoneMasked: c.phone_masked,
      classification: c.classification,
      foundIn: c.found_in,
      reportedAt: c.reported_at.toISOString(),
      onsetDate: c.onset_date,
      sampledDate: c.sampled_date,
      place: { code: c.place_code, name: c.place_name ?? c.place_code },
      fromContactId: c.from_contact_id,
      status: c.status,
    })),
    contacts: contacts.map((k) => ({
      id: k.id,
      name: k.name,
      idMasked: k.id_masked,
      phoneMasked: k.phone_masked,
      degree: k.degree,
      status: k.status,
      lastExposureAt: k.last_exposure_at.toISOString(),
      isolationPlace: k.isolation_place,
      quarantineUntil: k.until,
      place: k.place_name,
      convertedCaseId: k.converted_case_id,
    })),
    relations,
  };
  return { data, jpath: selection.jpath };
}

async function workbookOf(data: ExportJson): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cordon';
  const sheet = (name: string, columns: Array<{ header: string; key: string; width: number }>) => {
    const s = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    s.columns = columns;
    s.getRow(1).font = { bold: true };
    return s;
  };
  const numberOf = new Map(data.cases.map((c) => [c.id, c.number]));
  const cases = sheet('病例', [
    { header: '病例编号', key: 'number', width: 14 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份证号（脱敏）', key: 'id', width: 22 },
    { header: '联系电话（脱敏）', key: 'phone', width: 15 },
    { header: '分类', key: 'classification', width: 12 },
    { header: '发现途径', key: 'foundIn', width: 14 },
    { header: '报告时间', key: 'reportedAt', width: 17 },
    { header: '发病日期', key: 'onset', width: 12 },
    { header: '采样日期', key: 'sampled', width: 12 },
    { header: '所在村（社区）', key: 'place', width: 16 },
    { header: '状态', key: 'status', width: 8 },
  ]);
  for (const c of data.cases) {
    cases.addRow({
      number: c.number,
      name: c.name,
      id: c.idMasked ?? '',
      phone: c.phoneMasked ?? '',
      classification: zh(CLASSIFICATION_ZH, c.classification),
      foundIn: zh(FOUND_IN_ZH, c.foundIn),
      reportedAt: cstDateTime(new Date(c.reportedAt)),
      onset: c.onsetDate ?? '',
      sampled: c.sampledDate,
      place: c.place.name,
      status: c.status === 'open' ? '流调中' : '已结案',
    });
  }
  const contacts = sheet('密接', [
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份证号（脱敏）', key: 'id', width: 22 },
    { header: '联系电话（脱敏）', key: 'phone', width: 15 },
    { header: '类别', key: 'degree', width: 12 },
    { header: '状态', key: 'status', width: 12 },
    { header: '末次暴露时间', key: 'lastExposure', width: 17 },
    { header: '隔离地点', key: 'isolation', width: 20 },
    { header: '隔离期满', key: 'until', width: 12 },
    { header: '所在地', key: 'place', width: 16 },
    { header: '转为病例', key: 'converted', width: 14 },
  ]);
  for (const k of data.contacts) {
    contacts.addRow({
      name: k.name,
      id: k.idMasked ?? '',
      phone: k.phoneMasked ?? '',
      degree: zh(DEGREE_ZH, k.degree),
      status: zh(CONTACT_STATUS_ZH, k.status),
      lastExposure: cstDateTime(new Date(k.lastExposureAt)),
      isolation: k.isolationPlace ?? '',
      until: k.quarantineUntil ?? '',
      place: k.place ?? '',
      converted: k.convertedCaseId ? (numberOf.get(k.convertedCaseId) ?? '是') : '',
    });
  }
  const relations = sheet('关系', [
    { header: '起点', key: 'source', width: 22 },
    { header: '终点', key: 'target', width: 22 },
    { header: '关系', key: 'kind', width: 10 },
    { header: '暴露方式', key: 'exposure', width: 12 },
    { header: '末次暴露时间', key: 'at', width: 17 },
  ]);
  for (const r of data.relations) {
    relations.addRow({
      source: r.sourceLabel,
      target: r.targetLabel,
      kind: RELATION_ZH[r.kind],
      exposure: zh(EXPOSURE_ZH, r.exposureType),
      at: r.at ? cstDateTime(new Date(r.at)) : '',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cluster's visible cases and contacts as JSON or an Excel workbook (病例, 密接, 关系); masked; audited. */
export async function exportChains(
  ctx: RequestContext,
  query: Static<typeof ExportQuery>,
): Promise<{ format: 'json'; data: ExportJson } | { format: 'xlsx'; body: Buffer; fileName: string }> {
  requirePermission(ctx.actor, Permission.TracingRead);
  const format = query.format ?? 'xlsx';
  const { data, jpath } = await exportData(ctx, query.clusterId);
  await recordAudit(ctx, {
    action: 'tracing.chains_exported',
    resourceType: 'cluster',
    resourceId: data.cluster.id,
    jpath,
    detail: { format, cases: data.cases.length, contacts: data.contacts.length },
  });
  if (format === 'json') return { format, data };
  return {
    format,
    body: await workbookOf(data),
    fileName: `${data.cluster.name}-${cstDate(new Date())}.xlsx`,
  };
}
