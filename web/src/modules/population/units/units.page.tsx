/**
 * 人口概况 at /population/units/<jurisdiction> (a village, grid, building, town or county); a
 * household's page at /population/units/<household id>.
 */
import { useParams } from 'react-router';
import { isRecordId } from '../route-param';
import { HouseholdView } from './HouseholdView';
import { UnitView } from './UnitView';
import '../population.css';

export default function UnitsPage() {
  const { code } = useParams();
  return isRecordId(code) ? <HouseholdView key={code} id={code} /> : <UnitView />;
}
