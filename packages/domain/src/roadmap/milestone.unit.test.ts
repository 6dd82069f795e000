import t from 'tap';
import type { Actor } from '../actuals/kpiActual.js';
import {
  decideMilestone,
  evolveMilestone,
  initialMilestoneState,
  milestoneStreamId,
  type RoadmapItemContext,
} from './milestone.js';

const item: RoadmapItemContext = {
  itemId: 'roadmap-a.u3.r3',
  name: '劇場・音楽堂等と芸術団体との連携による地域活動基盤形成支援事業',
  ownerMinistry: 'ACA',
  years: { from: 2025, to: 2030 },
};
const aca: Actor = { id: 't1', role: 'submitter', ministry: 'ACA' };

t.test('the owner reports progress; each report keeps the previous status', async (t) => {
  const first = decideMilestone(
    {
      type: 'ReportMilestoneStatus',
      item,
      fiscalYear: 'FY2026',
      status: 'in_progress',
      actor: aca,
      note: '補助金事業の実施',
    },
    initialMilestoneState,
  );
  t.match(first, [
    { type: 'MilestoneStatusReported', data: { fiscalYear: 2026, status: 'in_progress', previousStatus: null } },
  ]);
  const state = first.reduce(evolveMilestone, initialMilestoneState);
  const second = decideMilestone(
    {
      type: 'ReportMilestoneStatus',
      item,
      fiscalYear: 'FY2026',
      status: 'completed',
      actor: aca,
      evidenceUrl: 'https://www.bunka.go.jp/',
    },
    state,
  );
  t.match(second, [
    { data: { status: 'completed', previousStatus: 'in_progress', evidenceUrl: 'https://www.bunka.go.jp/' } },
  ]);
});

t.test('refusals: another ministry, an auditor, a year off the roadmap, a bad URL, a closed cycle', async (t) => {
  const report = (over: Partial<Parameters<typeof decideMilestone>[0]>) =>
    decideMilestone(
      { type: 'ReportMilestoneStatus', item, fiscalYear: 'FY2026', status: 'delayed', actor: aca, ...over },
      initialMilestoneState,
    );
  t.throws(() => report({ actor: { id: 'x', role: 'submitter', ministry: 'MLIT' } }), { name: 'ForbiddenError' });
  t.throws(() => report({ actor: { id: 'x', role: 'auditor', ministry: null } }), { name: 'ForbiddenError' });
  t.throws(() => report({ fiscalYear: 'FY2024' }), { name: 'DomainValidationError', field: 'fiscalYear' });
  t.throws(() => report({ fiscalYear: 'CY2026' }), { name: 'DomainValidationError', field: 'fiscalYear' });
  t.throws(() => report({ evidenceUrl: 'javascript:alert(1)' }), {
    name: 'DomainValidationError',
    field: 'evidenceUrl',
  });
  t.throws(() => report({ cycle: { status: 'closed', since: '2027-06-30T00:00:00Z', reason: null } }), {
    name: 'CycleClosedError',
  });
  t.equal(
    report({ actor: { id: 's', role: 'secretariat', ministry: null } }).length,
    1,
    'the secretariat may report on behalf',
  );
  t.equal(milestoneStreamId('roadmap-a.u3.r3', 2026), 'milestone-roadmap-a.u3.r3@FY2026');
});
