/** 人员查询 at /population/people/<jurisdiction>; a person's page at /population/people/<person id>. */
import { useParams } from 'react-router';
import { isRecordId } from '../route-param';
import { PeopleSearch } from './PeopleSearch';
import { PersonView } from './PersonView';
import '../population.css';

export default function PeoplePage() {
  const { code } = useParams();
  return isRecordId(code) ? <PersonView key={code} id={code} /> : <PeopleSearch />;
}
