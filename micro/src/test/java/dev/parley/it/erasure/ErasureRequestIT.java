package dev.parley.it.erasure;

import static dev.parley.it.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.AgentClient;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.Reply;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A visitor's own erasure request, end to end: refused (404) while the inbox does not offer it, the default;
 * once offered, filed from the visitor API (a second ask answers the pending one), listed for admins, rejected
 * (the data stays), filed again and confirmed (the data is erased in the same transaction, the token stops
 * working). Decided requests cannot be decided again; agents may not decide; every step is audited.
 */
@ExtendWith(ParleyServer.class)
class ErasureRequestIT {

    @Test
    void offRefusedThenFiledRejectedFiledAgainAndConfirmed(Parley parley) {
        WidgetClient widget = parley.widget();
        AgentClient admin = parley.agent();
        ErasureIT.Person gus = ErasureIT.Person.unique("Gus");
        Visitor visitor = widget.newVisitor();
        long conversation = ErasureIT.started(widget, visitor, gus, gus.texts().get(0));
        admin.replied(conversation, gus.texts().get(3));

        assertProblem(file(widget, visitor), 404, "urn:parley:problem:not-found");
        assertProblem(file(widget, null), 401, "urn:parley:problem:unauthorized");
        assertThat(parley.count("select count(*) from erasure_request where contact_id = ?", visitor.contactId()))
                .isZero();

        try {
            assertThat(admin.put("inbox/retention", "{\"visitorErasureRequests\": true}")
                            .status())
                    .isEqualTo(200);
            Reply filed = file(widget, visitor);
            assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
            long first = filed.id();
            assertThat(filed.json().getString("status")).isEqualTo("PENDING");
            Reply again = file(widget, visitor);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.id()).isEqualTo(first);
            assertThat(ErasureIT.ids(
                            admin.get("erasure-requests?status=PENDING").array(), "id"))
                    .contains(first);

            AgentClient agent = ErasureIT.newAgent(parley);
            assertProblem(agent.get("erasure-requests"), 403, "urn:parley:problem:forbidden");
            assertProblem(
                    agent.post("erasure-requests/" + first + "/confirm", ""), 403, "urn:parley:problem:forbidden");
            assertProblem(agent.post("erasure-requests/" + first + "/reject", ""), 403, "urn:parley:problem:forbidden");
            assertProblem(admin.get("erasure-requests?status=LATER"), 400, "urn:parley:problem:invalid-request");
            assertProblem(admin.post("erasure-requests/999999999/confirm", ""), 404, "urn:parley:problem:not-found");
            assertProblem(admin.post("erasure-requests/abc/reject", ""), 404, "urn:parley:problem:not-found");

            Reply rejected = admin.post("erasure-requests/" + first + "/reject", "");
            assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
            assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
            assertThat(rejected.json().getString("decidedBy")).isEqualTo("agent:" + ParleyServer.ADMIN_USER);
            assertProblem(
                    admin.post("erasure-requests/" + first + "/confirm", ""),
                    409,
                    "urn:parley:problem:erasure-request-decided");
            assertThat(PersonalData.foundAnywhere(
                            parley, List.of(gus.name(), gus.texts().get(0))))
                    .isNotEmpty();

            Reply second = file(widget, visitor);
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.id()).isNotEqualTo(first);
            Reply confirmed = admin.post("erasure-requests/" + second.id() + "/confirm", "");
            assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
            assertThat(confirmed.json().getString("status")).isEqualTo("CONFIRMED");
            assertProblem(
                    admin.post("erasure-requests/" + second.id() + "/reject", ""),
                    409,
                    "urn:parley:problem:erasure-request-decided");
            assertProblem(widget.get("conversations", visitor.token()), 401, "urn:parley:problem:unauthorized");
            assertThat(PersonalData.foundAnywhere(parley, gus.all())).isEmpty();
            assertThat(parley.rows(
                            "select action, outcome from audit_event where action in ('erasure.request', 'contact.erase')"
                                    + " and contact_id = ? order by id",
                            visitor.contactId()))
                    .containsExactly(
                            List.of("erasure.request", "filed"),
                            List.of("erasure.request", "rejected"),
                            List.of("erasure.request", "filed"),
                            List.of("contact.erase", "erased"),
                            List.of("erasure.request", "confirmed"));
        } finally {
            admin.put("inbox/retention", "{\"visitorErasureRequests\": false}");
        }
    }

    static Reply file(WidgetClient widget, Visitor visitor) {
        return widget.post("erasure-requests", visitor == null ? null : visitor.token(), Map.of(), "");
    }
}
