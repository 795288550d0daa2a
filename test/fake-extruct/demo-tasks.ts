// Demo tasks at different stages, for the demo command and UI tests. Times are simulated ms.
import type { CriterionWire, TaskProfile } from './types.js';

export interface DemoTask {
  id: string;
  query: string;
  /** What the task will do, for people reading the demo output. */
  story: string;
}

const c = (key: string, name: string, criterion: string): CriterionWire => ({ key, name, criterion });

export const DEMO_PROFILES: ReadonlyArray<TaskProfile & { story: string }> = [
  {
    story: 'done in about a minute',
    query: 'Vertical SaaS companies serving freight forwarders in Europe',
    desiredNumResults: 40,
    durationMs: 55_000,
    createdPhaseMs: 4_000,
    criteria: [
      c(
        'serves_forwarders',
        'Serves freight forwarders',
        'The company sells software built for freight forwarders or logistics service providers.',
      ),
      c('saas_model', 'SaaS business model', 'The product is sold as a subscription cloud service (SaaS).'),
      c('europe_presence', 'European presence', 'The company is headquartered in Europe or has a significant European customer base.'),
    ],
  },
  {
    story: 'fails after about 40 s',
    query: 'Climate-tech startups building lithium battery recycling plants in the Nordics',
    desiredNumResults: 60,
    durationMs: 40_000,
    finalStatus: 'failed',
    failAtFraction: 0.45,
    criteria: [
      c('battery_recycling', 'Battery recycling', 'The company recycles lithium-ion batteries or recovers battery materials.'),
      c('nordic_hq', 'Nordic headquarters', 'The company is headquartered in Denmark, Finland, Iceland, Norway or Sweden.'),
    ],
  },
  {
    story: 'exhausted after ~75 s, then evaluation catches up and it is done at ~2.5 min with fewer results than desired',
    query: 'Independent veterinary clinic groups in the US Midwest with at least five locations',
    desiredNumResults: 100,
    durationMs: 150_000,
    exhaustAtFraction: 0.5,
    exhaustedNumResults: 37,
    criteria: [
      c('vet_clinics', 'Veterinary clinic operator', 'The company owns and operates veterinary clinics or animal hospitals.'),
      c('midwest', 'US Midwest', 'The company is headquartered in a US Midwest state such as Ohio, Illinois, Iowa or Minnesota.'),
      c('multi_site', 'Five or more locations', 'The company operates at least five clinic locations.'),
      c('independent', 'Independent', 'The company is independent and not owned by a national consolidator.'),
    ],
  },
  {
    story: 'long: about 20 minutes, with a one-minute stall at 30%',
    query: 'B2B payments platforms for construction subcontractors in North America',
    desiredNumResults: 200,
    durationMs: 20 * 60_000,
    stalls: [{ atFraction: 0.3, forMs: 60_000 }],
    criteria: [
      c('b2b_payments', 'B2B payments', 'The company provides payment, invoicing or lien-waiver software for businesses.'),
      c('construction_focus', 'Construction focus', 'The product is built for construction contractors or subcontractors.'),
    ],
  },
  {
    story: 'already done (finished about three hours ago) with results',
    query: 'Contract research organisations specialising in cell and gene therapy in Germany',
    desiredNumResults: 25,
    durationMs: 8 * 60_000,
    ageMs: 3 * 3_600_000,
    criteria: [
      c('cro', 'Contract research organisation', 'The company offers contract research or development services to biotech companies.'),
      c('cgt', 'Cell and gene therapy', 'The company specialises in cell therapy, gene therapy or viral vector services.'),
      c('germany', 'Based in Germany', 'The company is headquartered in Germany or runs laboratories there.'),
    ],
  },
];

/** Adds the demo tasks (oldest first, so the newest appears first in lists). */
export function seedDemoTasks(fake: { addTask(profile: TaskProfile): string }): DemoTask[] {
  const ordered = [...DEMO_PROFILES].sort((a, b) => (b.ageMs ?? 0) - (a.ageMs ?? 0));
  return ordered.map(({ story, ...profile }) => ({ id: fake.addTask(profile), query: profile.query, story }));
}
