package org.rocketjms.ra.it.app;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /probe?op=send&text=X[&rollback=true]} sends with the classic API, {@code op=sendctx} the same with a
 * {@code JMSContext} (answers {@code sent transacted=B}); {@code /probe?op=received} lists the MDB's deliveries.
 */
@WebServlet("/probe")
public class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private Sender sender;
    @EJB
    private ContextSender contextSender;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getParameter("op");
        if ("send".equals(op)) {
            try {
                sender.send(req.getParameter("text"), Boolean.parseBoolean(req.getParameter("rollback")));
                resp.getWriter().println("sent");
            } catch (Exception e) {
                resp.setStatus(500);
                resp.getWriter().println("send failed: " + e);
            }
        } else if ("sendctx".equals(op)) {
            try {
                String how = contextSender.send(req.getParameter("text"),
                        Boolean.parseBoolean(req.getParameter("rollback")));
                resp.getWriter().println("sent " + how);
            } catch (Exception e) {
                resp.setStatus(500);
                resp.getWriter().println("send failed: " + e);
            }
        } else if ("received".equals(op)) {
            for (String line : Deliveries.all()) {
                resp.getWriter().println(line);
            }
        } else {
            resp.setStatus(400);
            resp.getWriter().println("op must be send, sendctx or received");
        }
    }
}
