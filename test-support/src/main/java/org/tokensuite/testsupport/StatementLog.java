package org.tokensuite.testsupport;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A data source that notes the SQL of every statement prepared on its connections, in order: a test counts the
 * statements (each prepared statement is one round trip to the server) that a piece of code sends.
 */
public final class StatementLog {

    private final List<String> prepared = Collections.synchronizedList(new ArrayList<>());
    private final DataSource dataSource;

    public StatementLog(DataSource target) {
        this.dataSource = (DataSource) Proxy.newProxyInstance(StatementLog.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = call(method, target, args);
                    return result instanceof Connection connection ? recording(connection) : result;
                });
    }

    /** The data source to hand to the code under test. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The statements prepared so far, whitespace at their ends stripped. */
    public List<String> prepared() {
        synchronized (prepared) {
            return List.copyOf(prepared);
        }
    }

    public void clear() {
        prepared.clear();
    }

    private Connection recording(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        prepared.add(((String) args[0]).strip());
                    }
                    return call(method, connection, args);
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
