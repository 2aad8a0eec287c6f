// A module hook (node --import) that makes the packages named in LSQ_TEST_HIDE_PACKAGES (comma-separated)
// impossible to resolve, by import or require: the installed package without its devDependencies
// (vitest) or without an optional peer (@pact-foundation/pact-cli), on a machine where they are present.
import { registerHooks } from 'node:module';

const hidden = (process.env.LSQ_TEST_HIDE_PACKAGES ?? '').split(',').filter(Boolean);

registerHooks({
  resolve(specifier, context, next) {
    if (hidden.some((p) => specifier === p || specifier.startsWith(`${p}/`))) {
      throw Object.assign(new Error(`Cannot find module '${specifier}' (hidden by the test)`), { code: 'MODULE_NOT_FOUND' });
    }
    return next(specifier, context);
  },
});
