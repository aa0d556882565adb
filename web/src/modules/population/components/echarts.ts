/**
 * ECharts with only what the ledger's small charts need: bars and pies (modular imports keep the
 * bundle small; the county map registers its own parts in components/county-map/echarts.ts).
 */
import { BarChart, type BarSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
export { echarts };

/** The console's palette: government blue first, then calm contrasting hues. */
export const PALETTE = [
  '#1a56b8',
  '#13a8a8',
  '#f5a524',
  '#d4380d',
  '#722ed1',
  '#389e0d',
  '#c41d7f',
  '#5b8fd9',
];
