/* Starts GraphiQL against this page's own URL, with the CSRF token Django needs for session-authenticated POSTs.
 * Everything is loaded from the project's static files: no CDN. */
(function () {
  "use strict";
  var tokenInput = document.querySelector("[name=csrfmiddlewaretoken]");
  var headers = {};
  if (tokenInput && tokenInput.value) {
    headers["X-CSRFToken"] = tokenInput.value;
  }
  var fetcher = GraphiQL.createFetcher({
    url: window.location.pathname,
    headers: headers,
  });
  var defaultQuery = [
    "# argmap's GraphQL API. Offsets count Unicode code points of the document text.",
    "query PublicMaps {",
    "  maps(first: 10) {",
    "    edges { node { id name visibility statements(first: 5) { edges { node { id kind text } } } } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: true,
    })
  );
})();
