package dev.cliauth.store;

/**
 * Who and what the priming requests act on: a client, an account and two grants that exist only in
 * {@link PrimingMode}'s stand-in, never in the table. The password is drawn for one priming and
 * forgotten with it.
 *
 * @param org                the org primed (the default org)
 * @param clientId           a public client of the stand-in
 * @param email              an account of the stand-in ({@code .invalid}, RFC 2606)
 * @param password           that account's throwaway password
 * @param pendingDeviceCode  the device code of a pending grant of the stand-in, with {@code userCode}
 * @param approvedDeviceCode the device code of an approved grant of the stand-in
 * @param userCode           the pending grant's user code, in normal form
 * @param now                epoch ms when priming started; the grants are live from then on
 */
public record PrimingFixture(String org, String clientId, String email, String password, String pendingDeviceCode,
                             String approvedDeviceCode, String userCode, long now) {

    public static final String CLIENT_ID = "cliauth-priming";
    public static final String EMAIL = "priming@cliauth.invalid";
    public static final String PENDING_DEVICE_CODE = "P".repeat(43);
    public static final String APPROVED_DEVICE_CODE = "Q".repeat(43);
    public static final String USER_CODE = "BCDFGHJK";

    @Override
    public String toString() {
        return "PrimingFixture[" + org + "]";
    }
}
