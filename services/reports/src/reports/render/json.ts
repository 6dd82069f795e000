import type { FollowUpReport } from '../reportModel.js';

/** The report's data as it is, validated by FollowUpReportSchema. */
export const renderJson = (report: FollowUpReport): Buffer =>
  Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
