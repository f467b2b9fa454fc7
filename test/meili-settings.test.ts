import { describe, expect, it } from 'vitest';
import { readPolicyTerms } from '../core/tokenizer/jieba-tokenizer.js';
import { clauseIndexSettings, documentIndexSettings } from '../core/engine/meili/settings.js';

describe('Meilisearch index settings', () => {
  it('clauses index: stable shape', () => {
    expect(clauseIndexSettings(['知识产权质押', '众创空间', '知识产权质押'])).toMatchInlineSnapshot(`
      {
        "dictionary": [
          "众创空间",
          "知识产权质押",
        ],
        "embedders": {
          "default": {
            "dimensions": 512,
            "source": "userProvided",
          },
        },
        "faceting": {
          "maxValuesPerFacet": 1000,
        },
        "filterableAttributes": [
          {
            "attributePatterns": [
              "year",
            ],
            "features": {
              "facetSearch": false,
              "filter": {
                "comparison": true,
                "equality": true,
              },
            },
          },
          {
            "attributePatterns": [
              "id",
              "issuer",
              "level",
              "docType",
              "docId",
              "yearLevel",
              "status",
              "workId",
              "hasVector",
            ],
            "features": {
              "facetSearch": false,
              "filter": {
                "comparison": false,
                "equality": true,
              },
            },
          },
        ],
        "localizedAttributes": [
          {
            "attributePatterns": [
              "text",
              "tokens",
              "headingTokens",
              "title",
              "issuer",
              "docNumber",
            ],
            "locales": [
              "cmn",
            ],
          },
        ],
        "pagination": {
          "maxTotalHits": 100000,
        },
        "prefixSearch": "disabled",
        "proximityPrecision": "byWord",
        "searchableAttributes": [
          "grams",
          "chars",
          "text",
          "tokens",
          "headingTokens",
          "title",
          "docNumber",
          "issuer",
        ],
        "sortableAttributes": [
          "year",
          "date",
          "docId",
          "ordinal",
        ],
      }
    `);
  });

  it('documents index: stable shape', () => {
    expect(documentIndexSettings()).toMatchInlineSnapshot(`
      {
        "filterableAttributes": [
          "recordType",
          "workId",
        ],
        "localizedAttributes": [
          {
            "attributePatterns": [
              "title",
              "docNumber",
            ],
            "locales": [
              "cmn",
            ],
          },
        ],
        "pagination": {
          "maxTotalHits": 100000,
        },
        "searchableAttributes": [
          "title",
          "docNumber",
        ],
      }
    `);
  });

  it('sends the policy-term list jieba uses as the dictionary, so both engines keep 知识产权质押 whole', () => {
    const terms = readPolicyTerms();
    const { dictionary } = clauseIndexSettings(terms);
    expect(dictionary).toContain('知识产权质押');
    expect(new Set(dictionary)).toEqual(new Set(terms));
  });
});
