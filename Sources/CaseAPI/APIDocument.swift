/// The API's OpenAPI 3.1 description, as committed in `openapi/` and embedded at build time.
public enum APIDocument {
    public static var openAPI: String {
        EmbeddedResources.openapi.first { $0.name == "casetool-api.json" }?.text ?? "{}"
    }
}
