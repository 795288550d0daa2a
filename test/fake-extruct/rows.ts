// Deterministic, seeded pseudo-random result rows. Rows are generated lazily, in discovery order, and cached.
import type { CriterionWire, DataSource, LegacyResultRowWire, ResultRowWire, ScoreWire } from './types.js';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rand() * 4)] ?? '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const PREFIXES = [
  'Cargo',
  'Freight',
  'Route',
  'Port',
  'Harbor',
  'Atlas',
  'Nordic',
  'Vector',
  'Lumen',
  'Orbit',
  'Kinetic',
  'Summit',
  'Bright',
  'Polar',
  'Delta',
  'Meridian',
  'Quanta',
  'Tidal',
  'Granite',
  'Helix',
  'Pioneer',
  'Beacon',
  'Cobalt',
  'Maple',
  'Crest',
  'Sierra',
  'Falcon',
  'Nimbus',
  'Terra',
  'Vanta',
  'Arcadia',
  'Boreal',
  'Cinder',
  'Ember',
  'Fjord',
  'Juniper',
  'Kestrel',
  'Lattice',
];
const SUFFIXES = [
  'ly',
  'flow',
  'hub',
  'stack',
  'works',
  'base',
  'link',
  'grid',
  'wise',
  'desk',
  'labs',
  'logic',
  'ware',
  'sync',
  'path',
  'loop',
  'point',
  'bridge',
  'scale',
  'forge',
  'mint',
  'dock',
  'frame',
  'pilot',
  'nest',
];
const PRODUCTS = [
  'a cloud platform',
  'workflow software',
  'an API-first toolkit',
  'a data platform',
  'a marketplace',
  'an analytics suite',
  'a managed service',
  'an automation platform',
];
const PLACES: ReadonlyArray<readonly [country: string, state: string, city: string, tld: string]> = [
  ['Germany', 'Hamburg', 'Hamburg', 'de'],
  ['Netherlands', 'South Holland', 'Rotterdam', 'nl'],
  ['United Kingdom', 'England', 'London', 'co.uk'],
  ['France', 'Île-de-France', 'Paris', 'fr'],
  ['Poland', 'Masovian Voivodeship', 'Warsaw', 'pl'],
  ['Spain', 'Catalonia', 'Barcelona', 'es'],
  ['Italy', 'Lombardy', 'Milan', 'it'],
  ['Denmark', 'Capital Region', 'Copenhagen', 'dk'],
  ['Sweden', 'Stockholm County', 'Stockholm', 'se'],
  ['United States', 'California', 'San Francisco', 'com'],
  ['United States', 'New York', 'New York', 'com'],
  ['Belgium', 'Antwerp', 'Antwerp', 'be'],
  ['United States', 'Illinois', 'Chicago', 'com'],
  ['Canada', 'Ontario', 'Toronto', 'ca'],
];
const EMPLOYEE_BUCKETS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000'];

export interface RowContext {
  taskId: string;
  query: string;
  criteria: CriterionWire[];
  dataSources: DataSource[];
  seed: number;
}

/** A generated row without its created_at (which depends on the task's timeline). */
export type RowBody = Omit<ResultRowWire, 'created_at'>;

function makeScores(rand: () => number, name: string, domain: string, criteria: CriterionWire[]): Record<string, ScoreWire> {
  const n = criteria.length;
  const high = Math.ceil(0.75 * n);
  const grades = criteria.map((_, i) => (i < high ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 5)));
  for (let i = grades.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [grades[i], grades[j]] = [grades[j] as number, grades[i] as number];
  }
  const scores: Record<string, ScoreWire> = {};
  criteria.forEach((c, i) => {
    const grade = grades[i] ?? 3;
    const verdict = grade >= 4 ? 'clearly meets' : grade === 3 ? 'partially meets' : 'shows little evidence for';
    scores[c.key] = {
      grade,
      explanation: `${name} ${verdict} "${c.name}": its website and public profiles ${grade >= 4 ? 'describe this directly' : 'only hint at it'}.`,
      sources: [`https://${domain}/`, `https://www.linkedin.com/company/${domain.split('.')[0] ?? domain}`],
    };
  });
  return scores;
}

export class RowFactory {
  private readonly rows: RowBody[] = [];
  private readonly names = new Set<string>();
  private readonly rand: () => number;

  constructor(private readonly ctx: RowContext) {
    this.rand = prng(ctx.seed ^ 0x9e3779b9);
  }

  /** Row i in discovery order (0-based). */
  get(i: number): RowBody {
    while (this.rows.length <= i) this.rows.push(this.next(this.rows.length));
    return this.rows[i] as RowBody;
  }

  private next(i: number): RowBody {
    const rand = this.rand;
    let name = pick(rand, PREFIXES) + pick(rand, SUFFIXES);
    if (this.names.has(name)) name = `${name} ${i + 2}`;
    this.names.add(name);
    const [country, state, city, tld] = pick(rand, PLACES);
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${tld}`;
    const scores = makeScores(rand, name, domain, this.ctx.criteria);
    const grades = Object.values(scores).map((s) => s.grade);
    const mean = grades.reduce((a, b) => a + b, 0) / Math.max(1, grades.length);
    const relevance = Math.max(0, Math.min(100, Math.round((mean / 5) * 100 - rand() * 15)));
    const product = pick(rand, PRODUCTS);
    const foundingYear = 1995 + Math.floor(rand() * 30);
    return {
      id: uuidFrom(rand),
      task_id: this.ctx.taskId,
      company_name: name,
      company_website: domain,
      company_description: `${name} offers ${product} for companies like those in: ${this.ctx.query}`.slice(0, 240),
      company_full_description:
        `${name} (founded ${foundingYear}, headquartered in ${city}, ${country}) offers ${product}. ` +
        `It matches the search "${this.ctx.query}" and serves customers across ${country === 'United States' ? 'North America' : 'Europe'}. ` +
        `The team focuses on reliability, integrations and fast onboarding.`,
      relevance,
      founding_year: foundingYear,
      employee_count: pick(rand, EMPLOYEE_BUCKETS),
      hq_country: country,
      hq_state_province: state,
      hq_city: city,
      source: pick(rand, this.ctx.dataSources.length > 0 ? this.ctx.dataSources : ['web_search']),
      company_profile_id: uuidFrom(rand),
      scores,
    };
  }
}

export function toRowWire(row: RowBody, createdAt: string): ResultRowWire {
  return { ...row, created_at: createdAt };
}

export function toLegacyRowWire(row: RowBody, createdAt: string, position: number, query: string): LegacyResultRowWire {
  return {
    id: row.id,
    task_id: row.task_id,
    created_at: createdAt,
    src_search_query: query,
    src_result_position: position,
    src_result_link: `https://${row.company_website}/`,
    src_result_title: `${row.company_name} | ${row.company_description.slice(0, 60)}`,
    src_result_snippet: row.company_full_description.slice(0, 160),
    company_name: row.company_name,
    company_description: row.company_description,
    company_website: row.company_website,
    relevance: row.relevance,
    justification: `Relevance ${row.relevance}: ${row.company_name} is based in ${row.hq_city} and matches the query.`,
  };
}
