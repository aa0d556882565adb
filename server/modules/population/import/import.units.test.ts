/**
 * The importer's pure parts: CSV parsing, cells and Excel dates, the seen-ID table, labels, header
 * matching and row validation — no database.
 */
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../../domain/idcard.js';
import { type Cell, type SheetRow, isDateFormat, serialToIso } from './import.cells.js';
import { detectDelimiter, parseCsv } from './import.csv.js';
import { fieldOfHeader } from './import.fields.js';
import { idOf } from './import.fixtures.js';
import { parseLevel, parseRelation, parseResidence, parseSpecialKind } from './import.labels.js';
import { SeenIds } from './import.seen.js';
import { headersOf, suggestMapping } from './import.table.js';
import type { ImportField } from './import.fields.js';
import { type RowAccess, parseDateText, parseRow } from './import.validate.js';

async function rows(chunks: string[]): Promise<string[][]> {
  const out: string[][] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const row of parseCsv(source()))
    out.push(row.cells.map((c) => (c.kind === 'text' ? c.text : '')));
  return out;
}

describe('CSV', () => {
  it('reads quotes, doubled quotes, separators and line breaks inside quotes, CRLF, a BOM', async () => {
    expect(await rows(['\uFEFF姓名,备注\r\n"张,三","说""好""\r\n的"\r\n李四,\r\n'])).toEqual([
      ['姓名', '备注'],
      ['张,三', '说"好"\r\n的'],
      ['李四', ''],
    ]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = '姓名,备注\r\n"a""b",c\r\n"x\ny",z\nlast,"q"';
    const whole = await rows([text]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(await rows([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(whole).toEqual([
      ['姓名', '备注'],
      ['a"b', 'c'],
      ['x\ny', 'z'],
      ['last', 'q'],
    ]);
  });

  it('detects tab and semicolon separators from the header line', async () => {
    expect(detectDelimiter('姓名\t身份证号\t电话')).toBe('\t');
    expect(detectDelimiter('姓名;身份证号')).toBe(';');
    expect(detectDelimiter('"a;b",c')).toBe(',');
    expect(await rows(['姓名\t备注\n张三\t好\n'])).toEqual([
      ['姓名', '备注'],
      ['张三', '好'],
    ]);
  });

  it('numbers records from 1 and refuses a quote that never closes', async () => {
    async function* source() {
      yield 'a,b\n"open,never closed\n' + 'x'.repeat(1 << 20) + '\n';
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const row of parseCsv(source())) seen.push(row.rowNumber);
      })(),
    ).rejects.toThrow(/第2行起的引号没有闭合/);
    expect(seen).toEqual([1]);
  });
});

describe('cells', () => {
  it('turns Excel serial days into dates in both date systems', () => {
    expect(serialToIso(1)).toBe('1900-01-01');
    expect(serialToIso(59)).toBe('1900-02-28');
    expect(serialToIso(61)).toBe('1900-03-01');
    expect(serialToIso(44682)).toBe('2022-05-01');
    expect(serialToIso(44682.75)).toBe('2022-05-01');
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(-1)).toBeNull();
  });

  it('knows date formats: built-in ids, custom codes, not plain numbers', () => {
    expect(isDateFormat(14, undefined)).toBe(true);
    expect(isDateFormat(57, undefined)).toBe(true);
    expect(isDateFormat(0, undefined)).toBe(false);
    expect(isDateFormat(176, 'yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat(177, '0.00_);[Red](0.00)')).toBe(false);
    expect(isDateFormat(178, '@')).toBe(false);
  });
});

describe('seen ID numbers', () => {
  it('remembers the first row of each hash, across growth', () => {
    const seen = new SeenIds();
    const hash = (n: number) => {
      const b = Buffer.alloc(32);
      b.writeUInt32BE(Math.imul(n, 2654435761) >>> 0, 0);
      b.writeUInt32BE(n, 4);
      return b;
    };
    for (let n = 1; n <= 20_000; n++) expect(seen.firstRow(hash(n), n + 1)).toBeNull();
    for (let n = 1; n <= 20_000; n += 997) expect(seen.firstRow(hash(n), 99_999)).toBe(n + 1);
  });
});

describe('labels and headers', () => {
  it('reads the words ledgers use', () => {
    expect(parseResidence('户籍人口')).toBe('registered');
    expect(parseResidence('流动')).toBe('floating');
    expect(parseRelation('妻子')).toBe('spouse');
    expect(parseRelation('户 主')).toBe('head');
    expect(parseSpecialKind('残疾人')).toBe('disabled');
    expect(parseSpecialKind('低保')).toBe('low_income');
    expect(parseLevel('二级')).toBe(2);
    expect(parseLevel('3级')).toBe(3);
  });

  it('matches template headers and synonyms loosely; makes headers unique', () => {
    expect(fieldOfHeader('公民身份号码')).toBe('idNumber');
    expect(fieldOfHeader(' 村(社区) ')).toBe('village');
    expect(fieldOfHeader('手机号')).toBe('phone');
    expect(fieldOfHeader('姓名*')).toBe('name');
    const row: SheetRow = {
      rowNumber: 1,
      cells: ['电话', '', '电话', '身份证\n号码', ''].map((text): Cell =>
        text ? { kind: 'text', text } : { kind: 'empty' },
      ),
    };
    expect(headersOf(row)).toEqual(['电话', '（第B列）', '电话（2）', '身份证号码']);
  });

  it('recognises an ID column by its contents when its header says nothing', () => {
    const headers = ['名字', '号', '其他'];
    const preview: SheetRow[] = [1, 2, 3].map((n) => ({
      rowNumber: n + 1,
      cells: [{ kind: 'text', text: `人${n}` }, { kind: 'text', text: idOf(n) }, { kind: 'empty' }],
    }));
    expect(suggestMapping(headers, preview)).toEqual({ name: '名字', idNumber: '号' });
  });
});

function access(cells: Partial<Record<ImportField, Cell>>): RowAccess {
  return { cell: (f) => cells[f], header: (f) => `[${f}]` };
}
const text = (t: string): Cell => ({ kind: 'text', text: t });

describe('row validation', () => {
  it('accepts lower-case x, spaces and full-width digits in ID numbers, and converts 15-digit ones', () => {
    const good = Array.from({ length: 200 }, (_, n) => idOf(n)).find((id) => id.endsWith('X'))!;
    const spaced = `${good.slice(0, 6)} ${good.slice(6, 14)} ${good.slice(14).toLowerCase()}`;
    expect(parseRow(access({ name: text('张三'), idNumber: text(spaced) })).row?.person.idNumber).toBe(good);
    const fullWidth = good.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(parseRow(access({ name: text('张三'), idNumber: text(fullWidth) })).row?.person.idNumber).toBe(
      good,
    );
    const fifteen = parseRow(
      access({ name: text('老李'), idNumber: { kind: 'number', value: 131002500101123 } }),
    );
    expect(fifteen.row?.person.idNumber).toBe(makeIdNumber('131002', '1950-01-01', 123));
  });

  it('names the column and the reason of every problem', () => {
    const result = parseRow(
      access({
        name: { kind: 'formula', formula: 'A1' },
        idNumber: { kind: 'number', value: 131002199001011230 },
        phone: text('12345'),
        residenceType: text('外星'),
        specials: text('残疾人,会飞'),
        disabilityLevel: text('五级'),
        dueDate: text('2022-05-01'),
        unit: { kind: 'date', iso: '2022-05-01' },
      }),
    );
    expect(result.row).toBeUndefined();
    const byColumn = Object.fromEntries(result.problems.map((p) => [p.column, p.code]));
    expect(byColumn).toEqual({
      '[idNumber]': 'id_as_number',
      '[name]': 'formula',
      '[phone]': 'bad_phone',
      '[residenceType]': 'bad_residence',
      '[specials]': 'bad_special',
      '[disabilityLevel]': 'bad_level',
      '[disabilityCategory]': 'bad_detail',
      '[dueDate]': 'detail_without_kind',
      '[unit]': 'date_cell',
    });
    expect(result.problems.find((p) => p.code === 'id_as_number')?.message).toContain('文本');
  });

  it('checks sex and birth date against the ID number', () => {
    const id = idOf(5);
    const other = Number(id[16]) % 2 === 1 ? '女' : '男';
    const wrongSex = parseRow(access({ name: text('a'), idNumber: text(id), sex: text(other) }));
    expect(wrongSex.problems.map((p) => p.code)).toEqual(['sex_mismatch']);
    const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    expect(
      parseRow(access({ name: text('a'), idNumber: text(id), birthDate: text(birth.replace(/-/g, '/')) }))
        .problems,
    ).toEqual([]);
    expect(
      parseRow(access({ name: text('a'), idNumber: text(id), birthDate: text('1999-01-01') })).problems[0]
        ?.code,
    ).toBe('birth_mismatch');
  });

  it('reads special populations with their details, dates as Excel serials', () => {
    const result = parseRow(
      access({
        name: text('a'),
        idNumber: text(idOf(8)),
        specials: text('孕产妇、残疾人'),
        dueDate: { kind: 'number', value: 44682 },
        prenatalHospital: text('市妇幼'),
        disabilityCategory: text('肢体'),
        disabilityLevel: { kind: 'number', value: 2 },
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.row?.specials).toEqual([
      { kind: 'disabled', details: { category: 'physical', level: 2 } },
      { kind: 'pregnant', details: { dueDate: '2022-05-01', hospital: '市妇幼' } },
    ]);
  });

  it('reads dates written in the usual ways', () => {
    expect(parseDateText('2022/5/1')).toBe('2022-05-01');
    expect(parseDateText('2022年5月1日')).toBe('2022-05-01');
    expect(parseDateText('20220501')).toBe('2022-05-01');
    expect(parseDateText('2022-02-30')).toBeNull();
  });
});
