/// The suite's version, recorded in every results folder.
public enum ToolVersion {
    public static let string = "0.1.0"
}
