/** Task objects for tests, valid unless a test changes them. */
import type { Task } from '../../../src/core/api/types';

export const ID1 = '0b6d3a52-8d5f-4a39-9c61-2f1f5a7c9e01';
export const ID2 = '1c7e4b63-9e60-4b4a-8d72-3a2a6b8daf12';
export const ID3 = '2d8f5c74-af71-4c5b-9e83-4b3b7c9eb023';

export function task(over: Partial<Task> = {}): Task {
  return {
    id: ID1,
    created_at: '2026-11-29T09:00:00.000Z', // as validate.ts writes every timestamp
    status: 'in_progress',
    query: 'Vertical SaaS for freight forwarders',
    desired_num_results: 100,
    is_exhausted: false,
    num_results_discovered: 400,
    num_results_enriched: 180,
    num_results_evaluated: 120,
    num_results: 37,
    table_id: null,
    auto_data_sources: true,
    data_sources: ['web_search'],
    criteria: [{ key: 'has_api', name: 'API', criterion: 'Company offers a public API' }],
    exclude_domains: [],
    ...over,
  };
}
