/// Trace names and decoders for the DRM core ioctls the suite issues on accel fds.
enum DRMCoreCatalog {
    static let catalog = IoctlCatalog([])
}
