package dev.cliauth.portal;

import dev.cliauth.verification.Page;

/** The portal's outcome pages. */
final class PortalOutcomes {

    private PortalOutcomes() {
    }

    /** A signed-in account that is not an admin of the org. */
    static Page forbidden() {
        return page(403, "forbidden", null);
    }

    /** A change while the sign-in is older than the re-authentication time: nothing changed. */
    static Page confirmFirst(String base) {
        return page(401, "confirmFirst", base + "/applications");
    }

    static Page passwordWrong(String base) {
        return page(401, "passwordWrong", base + "/applications");
    }

    /** A company account's admin must sign in again with the provider to change anything. */
    static Page companyReauth() {
        return page(401, "companyReauth", null);
    }

    static Page noSuchApplication(String base) {
        return page(404, "noApplication", base + "/applications");
    }

    /** A rotate form sent again (Back, reload): the secret it meant to replace is already replaced. */
    static Page alreadyRotated(String base, String clientId) {
        return page(409, "alreadyRotated", base + "/applications/" + clientId);
    }

    static Page inviteClosed() {
        return page(410, "inviteClosed", null);
    }

    static Page welcomeDone(String devicesPath) {
        return page(200, "welcomeDone", devicesPath);
    }

    private static Page page(int status, String key, String link) {
        return PortalPages.page(status, "outcome.jte", new PortalOutcome(key, link));
    }
}
