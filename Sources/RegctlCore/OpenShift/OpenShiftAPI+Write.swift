import FoundationEssentials
import NIOHTTP1

extension OpenShiftAPI {
    /// An API answer that is not a refusal regctl must stop at: the status and the body.
    public struct Reply: Sendable {
        public let status: Int
        public let body: JSONValue?
    }

    /// Sends `method path` with `body` as JSON (or `contentType`); 401 and 403 become errors
    /// that say who was refused what, every other status is the caller's to read.
    public func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, contentType: String = "application/json"
    ) async throws(ClusterError) -> Reply {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token.token)", "Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: contentType) }
        let response: HTTPSClient.Response
        do {
            response = try await client.send(method, server + path, headers: headers, body: body.map { Data($0.serialized(indent: nil).utf8) })
        } catch {
            throw ClusterError(error, server: server)
        }
        log.debug("\(method.rawValue) \(path): HTTP \(response.status.code)")
        let reply = try? JSONValue(parsing: String(decoding: response.body, as: UTF8.self))
        switch response.status.code {
        case 401: throw .tokenRejected(server: server, context: token.context)
        case 403: throw .forbidden(server: server, message: reply?["message"]?.stringValue ?? "\(method.rawValue) \(path) is forbidden")
        default: return Reply(status: Int(response.status.code), body: reply)
        }
    }
}
