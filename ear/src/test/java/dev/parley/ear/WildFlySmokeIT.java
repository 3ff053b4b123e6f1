package dev.parley.ear;

/** The EAR on WildFly 39. */
class WildFlySmokeIT extends EarSmokeContract {

    @Override
    ManagedServer newServer() {
        return new WildFlyServer();
    }
}
