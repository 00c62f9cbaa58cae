import CAccelShim

/// DRM core request numbers used on accel fds, typed.
public enum DRMCoreRequest {
    public static let version = IoctlRequest(rawValue: ac_drm_ioctl_version)
    public static let getUnique = IoctlRequest(rawValue: ac_drm_ioctl_get_unique)
    public static let getMagic = IoctlRequest(rawValue: ac_drm_ioctl_get_magic)
    public static let getClient = IoctlRequest(rawValue: ac_drm_ioctl_get_client)
    public static let getStats = IoctlRequest(rawValue: ac_drm_ioctl_get_stats)
    public static let setVersion = IoctlRequest(rawValue: ac_drm_ioctl_set_version)
    public static let gemClose = IoctlRequest(rawValue: ac_drm_ioctl_gem_close)
    public static let gemFlink = IoctlRequest(rawValue: ac_drm_ioctl_gem_flink)
    public static let gemOpen = IoctlRequest(rawValue: ac_drm_ioctl_gem_open)
    public static let getCap = IoctlRequest(rawValue: ac_drm_ioctl_get_cap)
    public static let setClientCap = IoctlRequest(rawValue: ac_drm_ioctl_set_client_cap)
    public static let authMagic = IoctlRequest(rawValue: ac_drm_ioctl_auth_magic)
    public static let setMaster = IoctlRequest(rawValue: ac_drm_ioctl_set_master)
    public static let dropMaster = IoctlRequest(rawValue: ac_drm_ioctl_drop_master)
    public static let primeHandleToFD = IoctlRequest(rawValue: ac_drm_ioctl_prime_handle_to_fd)
    public static let primeFDToHandle = IoctlRequest(rawValue: ac_drm_ioctl_prime_fd_to_handle)
    public static let modeGetResources = IoctlRequest(rawValue: ac_drm_ioctl_mode_getresources)
    public static let syncobjCreate = IoctlRequest(rawValue: ac_drm_ioctl_syncobj_create)
    /// DRM_IOWR(0xD1, struct drm_set_client_name { u64 name_len; u64 name; }): not in the shim,
    /// which follows 6.12's drm.h; in 7.3's include/uapi/drm/drm.h.
    public static let setClientName = IoctlRequest(direction: [.read, .write], type: UInt8(ascii: "d"), nr: 0xD1,
                                                   size: 16)
}
