package dev.parley.ear;

/** The EAR on Payara Server 6. */
class PayaraServerSmokeIT extends EarSmokeContract {

    @Override
    ManagedServer newServer() {
        return new PayaraServer();
    }
}
