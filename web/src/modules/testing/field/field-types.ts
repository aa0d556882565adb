/**
 * The shapes the front-line pages use, from ../api-types.ts (the one mirror of the server's
 * schemas), under the names these pages use.
 */
export type {
  Box,
  HouseholdCodes,
  Lab,
  PersonCode as SamplingCode,
  ReceiveResponse,
  ResidentPage as ResidentView,
  ResultRowInput as ResultRow,
  Round as RoundSummary,
  SamplingTask,
  ScanResponse as SampleAdded,
  Site,
  Staffing,
  TaskStatus,
  Team,
  Tube,
  TubePerson,
  TubeStatus,
  UploadIssue as ResultIssue,
  UploadResult as ResultsSummary,
} from '../api-types';
