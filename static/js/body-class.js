// Marks the page as JavaScript-enabled for GOV.UK Frontend (kept out of inline scripts for CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
