/// The version of this build of recon, shown by `--version`, in `/healthz` and in `recon_build_info`.
public enum ReconVersion {
    public static let string = "0.9.0"
}
