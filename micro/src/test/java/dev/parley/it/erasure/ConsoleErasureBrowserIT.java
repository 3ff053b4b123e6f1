package dev.parley.it.erasure;

import static dev.parley.it.support.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.it.support.Browser;
import dev.parley.it.support.Parley;
import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.WidgetClient;
import dev.parley.it.support.WidgetClient.Visitor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Erasure in the console, in headless Chromium: an admin asks to erase a visitor's data on the conversation page,
 * sees what it does, nothing happens before the confirmation, and after it the visitor's data is gone; the inbox
 * page shows and saves the retention settings. Axe runs on both pages with the new controls shown.
 */
@ExtendWith(ParleyServer.class)
class ConsoleErasureBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    static Browser browser;
    static WebDriver driver;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdminErasesAVisitorsDataAfterAConfirmationAndSetsRetention(Parley parley) {
        WidgetClient widget = parley.widget();
        ErasureIT.Person nina = ErasureIT.Person.unique("Nina");
        Visitor visitor = widget.newVisitor();
        long id = ErasureIT.started(widget, visitor, nina, nina.texts().get(0));
        login(parley);

        driver.get(parley.uri("admin/conversation.xhtml?id=" + id).toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("erase-visitor")).isEmpty());
        assertThat(driver.findElement(testId("visitor-name")).getText()).isEqualTo(nina.name());
        click(testId("erase-visitor"));
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("confirm-erase")).isEmpty());
        assertThat(driver.findElement(testId("confirm-erase")).getText()).contains("cannot be undone");
        browser.assertNoSeriousAxeViolations("console conversation page asking to erase", false);
        assertThat(widget.get("conversations", visitor.token()).status())
                .as("nothing is erased before the confirmation")
                .isEqualTo(200);
        click(By.id("devices:confirmErase"));
        browser.waiting(WAIT)
                .until(d -> d.findElement(testId("messages")).getText().contains("was erased"));
        assertThat(widget.get("conversations", visitor.token()).status()).isEqualTo(401);
        assertThat(PersonalData.foundAnywhere(
                        parley, List.of(nina.name(), nina.email(), nina.texts().get(0))))
                .isEmpty();
        assertThat(driver.getPageSource())
                .doesNotContain(nina.name())
                .doesNotContain(nina.texts().get(0));

        driver.get(parley.uri("admin/inbox.xhtml").toString());
        browser.waiting(WAIT)
                .until(d -> !d.findElements(By.id("retention:messageDays")).isEmpty());
        browser.assertNoSeriousAxeViolations("console inbox page with retention", false);
        try {
            driver.findElement(By.id("retention:messageDays")).sendKeys("400");
            click(By.id("retention:saveRetention"));
            browser.waiting(WAIT)
                    .until(d -> d.findElement(testId("messages")).getText().contains("Retention saved"));
            assertThat(parley.count("select count(*) from inbox where message_retention_days = 400"))
                    .isEqualTo(1);
        } finally {
            parley.agent().put("inbox/retention", "{\"messageRetentionDays\": null}");
        }
    }

    private void login(Parley parley) {
        driver.get(parley.uri("admin/login.xhtml").toString());
        driver.manage().deleteAllCookies();
        driver.get(parley.uri("admin/login.xhtml").toString());
        driver.findElement(By.id("login:username")).sendKeys(ParleyServer.ADMIN_USER);
        driver.findElement(By.id("login:password")).sendKeys(ParleyServer.ADMIN_PASSWORD);
        click(By.id("login:submit"));
        browser.waiting(WAIT)
                .until(d -> !d.findElements(testId("current-agent")).isEmpty());
    }

    private void click(By element) {
        browser.waiting(WAIT).until(d -> {
            d.findElement(element).click();
            return true;
        });
    }
}
