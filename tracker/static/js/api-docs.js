// Starts Swagger UI on the API's own OpenAPI document (no inline script: the page keeps script-src 'self').
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({ url: root.getAttribute("data-spec"), dom_id: "#swagger-ui", deepLinking: true,
    persistAuthorization: false, tryItOutEnabled: false });
})();
