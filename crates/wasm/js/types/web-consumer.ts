// Type-checked (never run) by test/types.test.mjs against the web entry's declarations: the
// loaders of its two modules.
import init, { initForm, initTools, isLoaded, validateComplaint, type ModuleName } from 'weiquan';

await initForm();
await initTools(new URL('./tools/weiquan_tools_bg.wasm', import.meta.url));
await init({ form: '/pkg/form/weiquan_form_bg.wasm' });
const which: ModuleName = 'tools';
const loaded: boolean = isLoaded(which);
validateComplaint({});

// @ts-expect-error: there is no such module
isLoaded('calculator');
// @ts-expect-error: one source per loader
await initTools('a.wasm', 'b.wasm');

export { loaded };
