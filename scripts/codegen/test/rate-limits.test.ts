// Reading Zoom's rate-limit labels: the spellings Zoom uses or may use, and the labels generation refuses.
import { describe, expect, it } from 'vitest';
import { buildOperationsTable } from '../operations-table.ts';
import { CATEGORIES, rateLimitOf, readRateLimitLabel } from '../rate-limits.ts';

const site = { specId: 'scratch', method: 'GET', path: '/widgets/{widgetId}', name: 'getWidget' };
const read = (description: string) => readRateLimitLabel(description, site);
const LINK = '[Rate Limit Label](https://marketplace.zoom.us/docs/api-reference/rate-limits#rate-limits)';

describe('readRateLimitLabel', () => {
  it.each([
    [`Get a widget.\n\n**${LINK}:** \`HEAVY\`\n\n**Not supported in Gov cluster**`, 'HEAVY'],
    [`**${LINK}:** \`Light\``, 'LIGHT'],
    [`**${LINK}:** \`Resource-intensive\``, 'RESOURCE-INTENSIVE'],
    ['**Rate Limit Label:** `MEDIUM`', 'MEDIUM'],
    ['**Rate limit label**: `medium`', 'MEDIUM'],
    ['Rate-limit label: HEAVY.', 'HEAVY'],
    ['rate limit label:   `resource intensive`', 'RESOURCE-INTENSIVE'],
    ['RATE_LIMIT_LABEL: Resource_Intensive', 'RESOURCE-INTENSIVE'],
    [`**${LINK}:** \`LIGHT\` … **${LINK}:** \`Light\``, 'LIGHT'],
  ])('%j → %s', (description, category) => {
    expect(read(description)).toBe(category);
  });

  it('has no label in a description without one, or one that speaks of labels in general', () => {
    expect(read('Lists widgets. See the rate limit labels page for what they mean.')).toBeUndefined();
    expect(readRateLimitLabel(undefined, site)).toBeUndefined();
  });

  it('refuses an unknown label, naming the document, operation, pointer and the known categories', () => {
    expect(() => read(`**${LINK}:** \`SUPER-HEAVY\``)).toThrow(
      'scratch: GET /widgets/{widgetId} (getWidget), #/paths/~1widgets~1{widgetId}/get/description: ' +
        'unknown rate-limit label "SUPER-HEAVY"; Zoom\'s categories are LIGHT, MEDIUM, HEAVY, RESOURCE-INTENSIVE.',
    );
  });

  it('refuses a label without a value, and two labels that disagree', () => {
    expect(() => read(`**${LINK}:**\n\n**Not supported in Gov cluster**`)).toThrow(
      /#\/paths\/~1widgets~1\{widgetId\}\/get\/description: the description mentions a rate-limit label but gives no value/,
    );
    expect(() => read(`**${LINK}:** \`LIGHT\`\n**${LINK}:** \`HEAVY\``)).toThrow(
      /gives several rate-limit labels \(LIGHT, HEAVY\)/,
    );
  });

  it('gives unlabelled operations the documented default, and says so', () => {
    expect(rateLimitOf('No label here.', site)).toEqual({ category: 'MEDIUM', source: 'default' });
    expect(rateLimitOf('**Rate Limit Label:** `Heavy`', site)).toEqual({ category: 'HEAVY', source: 'document' });
    expect(CATEGORIES).toContain('MEDIUM');
  });
});

describe('the operations table', () => {
  const doc = (description: string) => ({
    openapi: '3.0.0',
    info: { title: 'Widgets', version: '1' },
    paths: {
      '/widgets': {
        get: { summary: 'List widgets', description, responses: { '200': { description: 'OK' } } },
        post: { summary: 'Create a widget', responses: { '201': { description: 'Created' } } },
      },
    },
  });
  const names = new Map([
    ['GET /widgets', { name: 'listWidgets', committed: true }],
    ['POST /widgets', { name: 'createWidget', committed: true }],
  ]);

  it('carries each operation’s category and where it came from', () => {
    const rows = buildOperationsTable('widgets', doc('**Rate Limit Label:** `LIGHT`'), names);
    expect(rows.map((r) => [r.name, r.rateLimit])).toEqual([
      ['listWidgets', { category: 'LIGHT', source: 'document' }],
      ['createWidget', { category: 'MEDIUM', source: 'default' }],
    ]);
  });

  it('fails on an unknown label instead of defaulting', () => {
    expect(() => buildOperationsTable('widgets', doc('**Rate Limit Label:** `EXTREME`'), names)).toThrow(
      'widgets: GET /widgets (listWidgets), #/paths/~1widgets/get/description: unknown rate-limit label "EXTREME"',
    );
  });
});
