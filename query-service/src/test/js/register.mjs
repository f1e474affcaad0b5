// The UI's modules import 'htm/preact/standalone' as the web bundler serves it; here it resolves to the same htm
// release from this folder's node_modules (the UI's files live elsewhere, where Node would not look).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
