/**
 * The mass-testing lines of the access matrix (server/access-matrix.test.ts), kept apart so the
 * matrix file stays readable. Each target place has its own round, site, team, lab and open tube.
 */
import { Permission, roleHas } from '../domain/access.js';
import { samplingCodeOf } from '../domain/testing.js';
import type { MatrixSpec, PersonAt } from './access-matrix.types.js';

export interface TestingSeed {
  roundId: string;
  siteId: string;
  teamId: string;
  labId: string;
  tubeId: string;
  boxId: string;
  taskId: string;
  alertId: string;
}
interface Ctx {
  testing: Map<string, TestingSeed>;
  /** A fresh team at the target's site. */
  newTeam: (place: string) => Promise<string>;
  personAt: PersonAt;
  seq: () => number;
}
type Spec = MatrixSpec<Ctx>;

const at = (c: Ctx, p: string): TestingSeed => c.testing.get(p)!;
const hour = 3600_000;

export function testingEndpoints(): Record<string, Spec> {
  return {
    'GET /api/testing/editions': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/testing/editions' }),
    },
    'GET /api/testing/rounds': { scoped: false, call: () => ({ method: 'GET', url: '/api/testing/rounds' }) },
    'POST /api/testing/rounds': {
      scoped: true,
      call: (_c, p) => ({
        method: 'POST',
        url: '/api/testing/rounds',
        body: {
          name: '矩阵',
          areas: [{ code: p }],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + hour).toISOString(),
        },
      }),
    },
    'GET /api/testing/rounds/:id': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({ method: 'GET', url: `/api/testing/rounds/${at(c, p).roundId}` }),
    },
    'PATCH /api/testing/rounds/:id': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/testing/rounds/${at(c, p).roundId}`,
        body: { name: '矩阵改' },
      }),
    },
    'GET /api/testing/sites': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/testing/sites?jurisdiction=${p}` }),
    },
    'POST /api/testing/sites': {
      scoped: true,
      // A site needs a village: the target's person lives in one under the target.
      call: (c, p) => ({
        method: 'POST',
        url: '/api/testing/sites',
        body: { name: '矩阵点', jurisdiction: c.personAt.get(p)!.jpath.slice(0, 12) },
      }),
    },
    'PATCH /api/testing/sites/:id': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/testing/sites/${at(c, p).siteId}`,
        body: { hours: '7:00-19:00' },
      }),
    },
    'POST /api/testing/sites/:id/teams': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/sites/${at(c, p).siteId}/teams`,
        body: { name: '二队' },
      }),
    },
    'PATCH /api/testing/teams/:id': {
      scoped: true,
      call: (c, p) => ({
        method: 'PATCH',
        url: `/api/testing/teams/${at(c, p).teamId}`,
        body: { samplers: 3 },
      }),
    },
    'DELETE /api/testing/teams/:id': {
      scoped: true,
      // Each call its own team: an earlier role's DELETE must not turn a later check into a 404.
      call: async (c, p) => ({ method: 'DELETE', url: `/api/testing/teams/${await c.newTeam(p)}` }),
    },
    'GET /api/testing/labs': { scoped: false, call: () => ({ method: 'GET', url: '/api/testing/labs' }) },
    'POST /api/testing/labs': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/testing/labs',
        body: { code: `MXL${c.seq()}`, name: '矩阵实验室', jurisdiction: p },
      }),
    },
    'GET /api/testing/staffing': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/testing/staffing?jurisdiction=${p}` }),
    },
    'GET /api/testing/rounds/:id/exemptions': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({ method: 'GET', url: `/api/testing/rounds/${at(c, p).roundId}/exemptions` }),
    },
    'POST /api/testing/rounds/:id/exemptions': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/rounds/${at(c, p).roundId}/exemptions`,
        body: { personId: c.personAt.get(p)!.id, reason: 'away' },
      }),
    },
    'DELETE /api/testing/rounds/:id/exemptions/:personId': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'DELETE',
        url: `/api/testing/rounds/${at(c, p).roundId}/exemptions/${c.personAt.get(p)!.id}`,
      }),
    },
    'POST /api/testing/tubes': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/testing/tubes',
        body: { roundId: at(c, p).roundId, siteId: at(c, p).siteId, barcode: `MXT${c.seq()}` },
      }),
    },
    'GET /api/testing/tubes': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/testing/tubes?barcode=NOSUCH01' }),
    },
    'GET /api/testing/tubes/:id': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/testing/tubes/${at(c, p).tubeId}` }),
    },
    'POST /api/testing/tubes/:id/samples': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/tubes/${at(c, p).tubeId}/samples`,
        body: { code: samplingCodeOf(c.personAt.get(p)!.id) },
      }),
    },
    'POST /api/testing/tubes/:id/close': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `/api/testing/tubes/${at(c, p).tubeId}/close` }),
    },
    'GET /api/testing/lookup': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'GET',
        url: `/api/testing/lookup?roundId=${at(c, p).roundId}&code=${samplingCodeOf(c.personAt.get(p)!.id)}`,
      }),
    },
    ...coverageEndpoints(),
    ...labEndpoints(),
    'POST /api/testing/rounds/:id/scans': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/rounds/${at(c, p).roundId}/scans`,
        body: {
          rows: [
            {
              barcode: `MXS${c.seq()}`,
              person: samplingCodeOf(c.personAt.get(p)!.id),
              sampledAt: new Date().toISOString(),
              siteId: at(c, p).siteId,
            },
          ],
        },
      }),
    },
    'POST /api/testing/rounds/:id/scans/upload': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/rounds/${at(c, p).roundId}/scans/upload`,
        body: `barcode,person,sampledAt,siteId\nMXU${c.seq()},${samplingCodeOf(c.personAt.get(p)!.id)},${new Date().toISOString()},${at(c, p).siteId}\n`,
        contentType: 'text/csv',
      }),
    },
  };
}

function coverageEndpoints(): Record<string, Spec> {
  const round = (c: Ctx, p: string) => `/api/testing/rounds/${at(c, p).roundId}`;
  return {
    'GET /api/testing/rounds/:id/coverage': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/coverage?jurisdiction=${p}` }),
    },
    'GET /api/testing/rounds/:id/coverage/map': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/coverage/map` }),
    },
    'GET /api/testing/rounds/:id/missing': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/missing?jurisdiction=${p}&limit=10` }),
    },
    'POST /api/testing/rounds/:id/door-to-door': {
      scoped: true,
      permits: (role) => roleHas(role, Permission.TestingSample) || roleHas(role, Permission.TestingPlan),
      call: (c, p) => ({
        method: 'POST',
        url: `${round(c, p)}/door-to-door`,
        body: { jurisdiction: p, include: ['immobile', 'missing'] },
      }),
    },
    'GET /api/testing/rounds/:id/daily': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/daily?jurisdiction=${p}` }),
    },
    'GET /api/testing/rounds/:id/daily.xlsx': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/daily.xlsx?jurisdiction=${p}` }),
    },
    'GET /api/testing/rounds/:id/turnaround': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `${round(c, p)}/turnaround?jurisdiction=${p}` }),
    },
    'GET /api/testing/pool-advice': {
      scoped: true,
      call: (_c, p) => ({ method: 'GET', url: `/api/testing/pool-advice?jurisdiction=${p}` }),
    },
    'GET /api/testing/people/:personId/code': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/testing/people/${c.personAt.get(p)!.id}/code` }),
    },
    'GET /api/testing/households/:householdId/codes': {
      scoped: true,
      call: (c, p) => ({
        method: 'GET',
        url: `/api/testing/households/${c.personAt.get(p)!.householdId}/codes`,
      }),
    },
    'GET /api/testing/resident/:token': {
      scoped: false,
      call: () => ({
        method: 'GET',
        url: '/api/testing/resident/00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAA',
      }),
    },
  };
}

function labEndpoints(): Record<string, Spec> {
  const lab = (c: Ctx, p: string) => `/api/testing/labs/${at(c, p).labId}`;
  return {
    'POST /api/testing/boxes': {
      scoped: true,
      coversBelow: true,
      call: (c, p) => ({
        method: 'POST',
        url: '/api/testing/boxes',
        body: {
          roundId: at(c, p).roundId,
          code: `MXB${c.seq()}`,
          labId: at(c, p).labId,
          barcodes: ['NOSUCH01'],
        },
      }),
    },
    'GET /api/testing/boxes': {
      // A list filtered to what the user may see: a lab's boxes, or those shipped from one's subtree.
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/testing/boxes' }),
    },
    'POST /api/testing/boxes/:id/receive': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `/api/testing/boxes/${at(c, p).boxId}/receive` }),
    },
    'POST /api/testing/labs/:id/receive': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `${lab(c, p)}/receive`, body: { barcodes: ['NOSUCH01'] } }),
    },
    'POST /api/testing/labs/:id/results': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `${lab(c, p)}/results`,
        body: { rows: [{ barcode: 'NOSUCH01', result: '阴性' }] },
      }),
    },
    'POST /api/testing/labs/:id/results/upload': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `${lab(c, p)}/results/upload?fileName=m.csv`,
        body: 'barcode,result\nNOSUCH01,阴性\n',
        contentType: 'text/csv',
      }),
    },
    'GET /api/testing/labs/:id/uploads/:uploadId/issues.xlsx': {
      scoped: true,
      call: (c, p) => ({
        method: 'GET',
        url: `${lab(c, p)}/uploads/00000000-0000-4000-8000-000000000000/issues.xlsx`,
      }),
    },
    'GET /api/testing/tasks': {
      scoped: true,
      call: (c, p) => ({
        method: 'GET',
        url: `/api/testing/tasks?roundId=${at(c, p).roundId}&jurisdiction=${p}`,
      }),
    },
    'POST /api/testing/tasks/:id/sample': {
      scoped: true,
      call: (c, p) => ({
        method: 'POST',
        url: `/api/testing/tasks/${at(c, p).taskId}/sample`,
        body: { barcode: `MXR${c.seq()}` },
      }),
    },
    'GET /api/testing/alerts': {
      scoped: false,
      call: () => ({ method: 'GET', url: '/api/testing/alerts' }),
    },
    'POST /api/testing/alerts/:id/ack': {
      scoped: true,
      call: (c, p) => ({ method: 'POST', url: `/api/testing/alerts/${at(c, p).alertId}/ack` }),
    },
    'GET /api/testing/tubes/:id/recall': {
      scoped: true,
      call: (c, p) => ({ method: 'GET', url: `/api/testing/tubes/${at(c, p).tubeId}/recall` }),
    },
  };
}
