/// The version regctl reports with `--version` and the credential helper's `version` action.
public enum RegctlVersion {
    public static let current = "0.1.0"
}
