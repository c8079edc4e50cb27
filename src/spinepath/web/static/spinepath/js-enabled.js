// Loaded as the body's first child (no inline script under the Content-Security-Policy):
// NHS.UK frontend styles and scripts key off these two classes.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
