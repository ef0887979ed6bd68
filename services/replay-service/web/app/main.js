// Entry point: mounts the monitor into #app. Everything it loads comes from the service
// (the import map in index.html points preact, htm and uplot at /assets/vendor/).

import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
