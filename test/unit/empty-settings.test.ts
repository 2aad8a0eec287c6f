// An empty setting means an unset one: CI systems hand an unset secret or variable to a job as an empty
// string (GitHub Actions does on pull requests from forks). An empty LSQ_CANARY_OPPORTUNITY_ID made the
// monitor of the embedded sandbox exit 2, "required to monitor a real host".
import { expect, test } from 'vitest';
import { SANDBOX_CANARY_OPPORTUNITY_ID, loadSettings } from '../../src/config/settings.ts';

test('an empty LSQ_CANARY_OPPORTUNITY_ID against the sandbox takes the sandbox canary opportunity', () => {
  expect(loadSettings({ LSQ_CANARY_OPPORTUNITY_ID: '' }).canaryOpportunityId).toBe(SANDBOX_CANARY_OPPORTUNITY_ID);
});

test('an empty LSQ_CANARY_OPPORTUNITY_ID against a real host is missing, as if unset', () => {
  const real = {
    LSQ_ASYNC_HOST: 'https://asyncapi.example',
    LSQ_ACCESS_KEY: 'empty-test-access',
    LSQ_SECRET_KEY: 'empty-test-secret',
    LSQ_API_KEY: 'empty-test-api',
  };
  expect(loadSettings({ ...real, LSQ_CANARY_OPPORTUNITY_ID: '' }).canaryOpportunityId).toBeNull();
});
