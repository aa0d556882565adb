/** The console's chart (population/components/Chart.tsx) with the tracing views' chart types registered. */
import './echarts';

export { Chart, type ClickParams } from '../../../population/components/Chart';
