/**
 * Visibly synthetic names and phone numbers. A name is a real surname, then 某 — the character
 * Chinese documents use for an anonymised person (张某) — then one given-name character: 王某伟,
 * 李某芳. Anyone reading a list sees at once that these are not real people, yet names still sort,
 * search by prefix and repeat within a village as real ones do.
 */
import { type Rng, cumulative, pickIndex } from './rng.js';

/**
 * The commonest surnames in their national order of frequency (Ministry of Public Security
 * household-register report 2020); weights are approximate shares in per mille.
 */
const SURNAMES: ReadonlyArray<readonly [string, number]> = (
  '王71 李70 张67 刘54 陈46 杨31 赵22 黄20 周15 吴15 徐13 孙12 胡12 朱11 高11 ' +
  '林10 何10 郭10 马10 罗9 梁8 宋8 郑7 谢7 韩7 唐6 冯6 于6 董6 肖5 程5 曹5 袁5 邓5 ' +
  '许5 傅5 沈4 曾4 彭4 吕4 苏4 卢4 蒋4 蔡4 贾4 丁4 魏4 薛3 叶3 阎3 余3 潘3 杜3 戴3 ' +
  '夏3 钟3 汪3 田3 任3 姜3 范3 方3 石3 姚3 谭2 廖2 邹2 熊2 金2 陆2 郝2 孔2 白2 崔2 ' +
  '康2 毛2 邱2 秦2 江2 史2 '
)
  .trim()
  .split(' ')
  .map((entry) => [entry.slice(0, 1), Number(entry.slice(1))] as const);
const SURNAME_CUM = cumulative(SURNAMES.map(([, w]) => w));

const GIVEN = {
  M: '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国峰亮成东文志海新兵博晨',
  F: '芳娜敏静丽艳娟霞秀燕玲桂丹萍红玉兰琳雪婷倩颖洁佳慧莉琴云莹梅月晶璐欣悦怡雨梦涵',
} as const;

export function surname(rng: Rng): string {
  return SURNAMES[pickIndex(rng, SURNAME_CUM)]![0];
}

export function syntheticName(rng: Rng, familyName: string, sex: 'M' | 'F'): string {
  const chars = GIVEN[sex];
  return `${familyName}某${chars[Math.floor(rng.float() * chars.length)]}`;
}

/** Mobile prefixes of the three carriers; the other eight digits are random. Not to be dialled. */
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
] as const;

export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Where a non-registered resident's household register (户籍) is: nearby provinces and cities. */
export const ORIGINS = [
  '河北省保定市',
  '河北省沧州市',
  '河北省衡水市',
  '河北省邢台市',
  '河北省邯郸市',
  '河北省承德市',
  '河北省张家口市',
  '北京市',
  '天津市',
  '山东省德州市',
  '山东省聊城市',
  '河南省周口市',
  '河南省商丘市',
  '山西省大同市',
  '内蒙古自治区赤峰市',
  '黑龙江省齐齐哈尔市',
  '吉林省四平市',
  '辽宁省朝阳市',
  '安徽省阜阳市',
  '四川省南充市',
] as const;

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 → 一, 12 → 十二, 30 → 三十, 99 → 九十九; digits beyond that (never reached by grids). */
export function chineseNumber(n: number): string {
  if (n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}
