// Start GOV.UK Frontend and MoJ Frontend components on every page.
import { initAll as initGovuk } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';
import { initPersonSearch } from './person-search.mjs';

initGovuk();
initMoj();
initPersonSearch();
