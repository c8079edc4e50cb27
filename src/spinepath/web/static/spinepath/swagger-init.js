// Start Swagger UI on /api/docs with the settings the page carries as JSON; "Try it out"
// sends the session's CSRF token, as the API's session authentication requires.
(function () {
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var token = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (token) request.headers["X-CSRFToken"] = token;
    return request;
  };
  SwaggerUIBundle(settings);
})();
